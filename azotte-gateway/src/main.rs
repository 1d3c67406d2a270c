//! The `azotte-gateway` binary: parses the flags (see `--help`), starts the
//! gateway, prints `listening on http://ADDR` on stdout (then a line with
//! the links to `/docs` and `/openapi.json`), and serves until
//! killed; a warning on stderr when `--allow-remote` exposes it beyond
//! loopback. Bad flags exit 2, a failed start exits 1, both with one message.

use azotte_gateway::{parse_args, Command, Gateway};

#[tokio::main]
async fn main() {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => *config,
        Ok(Command::Help) => {
            print!("{}", azotte_gateway::config::USAGE);
            return;
        }
        Err(message) => {
            eprintln!("azotte-gateway: {message}");
            std::process::exit(2);
        }
    };
    let webhooks = config.webhooks.len();
    let remote = !config.bind.is_loopback();
    let keys = match config.api_keys.len() {
        0 => "any sk_dev_... or sk_test_... key".to_owned(),
        n => format!("the {n} given with --api-key"),
    };
    let gateway = match Gateway::start(config).await {
        Ok(g) => g,
        Err(e) => {
            eprintln!("azotte-gateway: {e}");
            std::process::exit(1);
        }
    };
    println!("listening on {}", gateway.base_url());
    let local = azotte_gateway::docs::local_base_url(gateway.addr());
    println!("API reference: {local}/docs (OpenAPI 3.1 document: {local}/openapi.json)");
    eprintln!(
        "azotte-gateway: {} routes under {}; API root {}; {webhooks} webhook receiver(s); \
         API keys: {keys}; credentials: see the README, section `Local developer gateway`",
        gateway.route_count(),
        gateway.roots().join(", "),
        gateway.api_root(),
    );
    if remote {
        eprintln!(
            "azotte-gateway: WARNING: listening on {} beyond loopback (--allow-remote): anyone \
             who reaches this port can call it with development keys, over plain HTTP (no TLS)",
            gateway.addr()
        );
    }
    gateway.wait().await;
}

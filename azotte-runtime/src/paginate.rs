//! Lazy pagination: a `Stream` of items over page-numbered list endpoints.
//!
//! Generated code supplies `fetch(page)`, which calls the endpoint's
//! single-page method and returns the page's items and whether another page
//! follows (from the spec-declared page info, e.g. `pageInfo.hasNext`, or
//! `links.next`). Pages are fetched only when the consumer has drained the
//! previous one, and a page with no items ends the stream even if the server
//! claims more, so a misbehaving server cannot make it loop forever.

use futures::stream::{self, Stream, TryStreamExt};
use std::future::Future;

/// Streams the items of pages `first`, `first + 1`, … until `fetch` reports
/// no next page, a page is empty, or a fetch fails (the error is yielded, then
/// the stream ends). The stream is `Unpin`, so `.next().await` works directly.
pub fn paginate<T, E, F, Fut>(
    first: u32,
    fetch: F,
) -> impl Stream<Item = Result<T, E>> + Send + Unpin
where
    T: Send,
    E: Send,
    F: FnMut(u32) -> Fut + Send,
    Fut: Future<Output = Result<(Vec<T>, bool), E>> + Send,
{
    let stream = stream::try_unfold((Some(first), fetch), |(page, mut fetch)| async move {
        let Some(page) = page else { return Ok(None) };
        let (items, more) = fetch(page).await?;
        let next = (more && !items.is_empty())
            .then(|| page.checked_add(1))
            .flatten();
        Ok(Some((
            stream::iter(items.into_iter().map(Ok)),
            (next, fetch),
        )))
    })
    .try_flatten();
    Box::pin(stream)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn yields_every_item_and_fetches_lazily() {
        let calls = Arc::new(AtomicU32::new(0));
        let seen = calls.clone();
        let s = paginate(1, move |page| {
            seen.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, String>((vec![page * 10, page * 10 + 1], page < 3)) }
        });
        let mut s = s;
        assert_eq!(s.next().await, Some(Ok(10)));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "second page not fetched yet"
        );
        let rest: Vec<_> = s.collect().await;
        assert_eq!(rest, [Ok(11), Ok(20), Ok(21), Ok(30), Ok(31)]);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn an_error_is_yielded_and_ends_the_stream() {
        let s = paginate(1, |page| async move {
            if page == 2 {
                Err("page 2 failed")
            } else {
                Ok((vec![page], true))
            }
        });
        let all: Vec<_> = s.collect().await;
        assert_eq!(all, [Ok(1), Err("page 2 failed")]);
    }

    #[tokio::test]
    async fn an_empty_page_ends_the_stream_even_if_more_is_claimed() {
        let s = paginate(5, |_| async { Ok::<(Vec<u8>, bool), ()>((vec![], true)) });
        assert_eq!(s.collect::<Vec<_>>().await, []);
    }
}

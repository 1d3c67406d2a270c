//! [`RetryBudget`]: the token bucket that limits retries client-wide (AWS
//! SDK standard mode), and its live, lock-free state shared by every clone
//! of a [`Client`](crate::Client).

use std::sync::atomic::{AtomicU32, Ordering};

/// A token bucket shared by every call of one [`Client`](crate::Client):
/// each retry takes tokens, each successful call puts some back, so during an
/// outage retries stop once the bucket is empty (AWS SDK standard mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    /// Tokens in a full bucket (and the starting amount).
    pub capacity: u32,
    /// Tokens one retry takes.
    pub retry_cost: u32,
    /// Tokens one retry after a timeout takes.
    pub timeout_cost: u32,
    /// Tokens a successful call returns (up to `capacity`).
    pub success_refund: u32,
}

impl RetryBudget {
    /// The AWS SDK standard-mode quota: 500 tokens, 5 per retry, 10 per
    /// timeout retry, 1 back per success (100 retries in a row at most).
    pub const STANDARD: RetryBudget = RetryBudget {
        capacity: 500,
        retry_cost: 5,
        timeout_cost: 10,
        success_refund: 1,
    };
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::STANDARD
    }
}

/// The live token count of a [`RetryBudget`].
#[derive(Debug)]
pub(crate) struct BudgetState {
    tokens: AtomicU32,
    capacity: u32,
}

impl BudgetState {
    pub(crate) fn new(budget: RetryBudget) -> Self {
        BudgetState {
            tokens: AtomicU32::new(budget.capacity),
            capacity: budget.capacity,
        }
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_take(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Returns `amount` tokens, up to capacity.
    pub(crate) fn refund(&self, amount: u32) {
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(amount).min(self.capacity))
            });
    }
}

//! A client's API rate limit: a token bucket that starts full, refills at `qps` tokens a
//! second up to `burst`, and makes each write wait for its token. A scenario sets the
//! controller manager's (`timing.apiQps: { qps: 20, burst: 30 }`, upstream's `--kube-api-qps`
//! and `--kube-api-burst`) and the scheduler's (`timing.schedulerQps: { qps: 50, burst: 100 }`,
//! upstream's `clientConnection` defaults).
// Upstream: client-go util/flowcontrol throttle.go NewTokenBucketRateLimiter (over
// golang.org/x/time/rate: a request reserves the next token and waits until it is due)

use super::time::{SimDuration, SimTime};

/// The rate a scenario asks for: writes a second, in thousandths, and the burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiRate {
    pub milli_qps: u64,
    pub burst: u32,
}

impl ApiRate {
    /// The same burst at twice the rate: the garbage collector's, whose every deletion takes
    /// two requests.
    // Upstream: cmd/kube-controller-manager startGarbageCollectorController (config.QPS *= 2)
    pub fn doubled(self) -> ApiRate {
        ApiRate {
            milli_qps: self.milli_qps.saturating_mul(2),
            burst: self.burst,
        }
    }

    fn qps(self) -> f64 {
        self.milli_qps as f64 / 1000.0
    }
}

/// The bucket: the tokens it holds (negative when writes wait) as of `at`.
#[derive(Clone, Debug)]
pub struct TokenBucket {
    rate: ApiRate,
    tokens: f64,
    at: SimTime,
}

impl TokenBucket {
    pub fn new(rate: ApiRate) -> Self {
        TokenBucket {
            rate,
            tokens: f64::from(rate.burst),
            at: SimTime::ZERO,
        }
    }

    /// Takes a token for a write asked for at `now`: when the write may go out.
    pub fn reserve(&mut self, now: SimTime) -> SimTime {
        if now > self.at {
            let elapsed = now.since(self.at).as_millis() as f64 / 1000.0;
            self.tokens = (self.tokens + elapsed * self.rate.qps()).min(f64::from(self.rate.burst));
            self.at = now;
        }
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            return now;
        }
        // The deficit is paid back at qps tokens a second.
        let wait_ms = (-self.tokens / self.rate.qps() * 1000.0).ceil();
        now.after(SimDuration::from_millis(wait_ms as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(t: SimTime) -> u64 {
        t.as_millis()
    }

    #[test]
    fn a_burst_goes_at_once_then_one_write_every_1_over_qps() {
        let mut bucket = TokenBucket::new(ApiRate {
            milli_qps: 20_000,
            burst: 30,
        });
        let now = SimTime::from_millis(1_000);
        let times: Vec<u64> = (0..33).map(|_| ms(bucket.reserve(now))).collect();
        assert!(times[..30].iter().all(|t| *t == 1_000));
        assert_eq!(&times[30..], [1_050, 1_100, 1_150]);
        // Two seconds later the bucket has refilled 40 tokens, capped at the burst.
        let later = SimTime::from_millis(3_150);
        let times: Vec<u64> = (0..31).map(|_| ms(bucket.reserve(later))).collect();
        assert!(times[..30].iter().all(|t| *t == 3_150));
        assert_eq!(times[30], 3_200);
    }
}

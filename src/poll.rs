//! When to call CollectSSL again: a sans-IO polling schedule for one order.
//!
//! The spec asks for no concurrent calls. A [`Poller`] hands out one
//! [`Ticket`] per call and refuses to start another until that ticket comes
//! back with the answer ([`Poller::finish`]) or without one
//! ([`Poller::fail`]); it keeps a minimum interval between the end of one
//! call and the start of the next, backs off exponentially (up to a cap)
//! while the order is pending or the server fails, and stops on a final
//! status or a fault in the request (see [`Status::class`]).
//!
//! It has no clock and never sleeps: the caller passes the time in, as a
//! [`Duration`] since an epoch of its choosing (e.g. `Instant::elapsed` of
//! a start instant, or a monotonic tick counter), and sleeps itself.
//!
//! [`Policy::DEFAULT`] follows Sectigo's request to poll an order no more
//! than once every 3 hours; the example below uses a faster
//! [`Policy::new`], as a test against a mock would.
//!
//! ```
//! use core::time::Duration;
//! use collectssl::poll::{Policy, Poller, Step, Stop};
//! use collectssl::Status;
//!
//! let policy = Policy::new(Duration::from_secs(5), Duration::from_secs(30), Duration::from_secs(600));
//! let mut poller = Poller::new(policy);
//! let secs = Duration::from_secs;
//!
//! // The first call may start at once.
//! let ticket = poller.start(secs(0))?;
//! // Only one call at a time.
//! assert!(poller.start(secs(0)).is_err());
//! // Still being processed: ask again after the back-off (30 s, then 60 s, …).
//! assert_eq!(poller.finish(ticket, Status::BeingProcessed, secs(2))?, Step::CallAt(secs(32)));
//! assert!(poller.start(secs(31)).is_err());
//!
//! let ticket = poller.start(secs(32))?;
//! assert_eq!(
//!     poller.finish(ticket, Status::CertificatesAttached, secs(33))?,
//!     Step::Stop(Stop::Final(Status::CertificatesAttached)),
//! );
//! # Ok::<(), collectssl::poll::PollError>(())
//! ```

use core::fmt;
use core::time::Duration;

use crate::status::{Status, StatusClass};

/// How often a [`Poller`] may call, and how it backs off.
///
/// Every wait after a call is at least [`Policy::min_interval`]; after the
/// `n`-th pending or failed answer in a row it is
/// `initial_delay × 2ⁿ⁻¹`, capped at [`Policy::max_delay`] (and never
/// below the minimum interval, which wins over a smaller cap).
///
/// ```
/// use core::time::Duration;
/// use collectssl::poll::Policy;
///
/// let policy = Policy::new(Duration::from_secs(1), Duration::from_secs(10), Duration::from_secs(60))
///     .with_max_attempts(5);
/// assert_eq!(policy.delay(1), Duration::from_secs(10));
/// assert_eq!(policy.delay(3), Duration::from_secs(40));
/// assert_eq!(policy.delay(4), Duration::from_secs(60));
/// assert_eq!(policy.max_attempts, Some(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Policy {
    /// The least time between the end of one call and the start of the next.
    pub min_interval: Duration,
    /// The wait after the first pending or failed answer; it doubles with
    /// each further one in a row.
    pub initial_delay: Duration,
    /// The longest wait the back-off reaches.
    pub max_delay: Duration,
    /// How many calls may be made in all (`None`: no limit). Once they are
    /// used up without a final answer, the poller gives up.
    pub max_attempts: Option<u32>,
}

impl Policy {
    /// Sectigo's schedule: at least 3 hours between calls, a first
    /// back-off of 3 hours doubling up to 12 hours, no limit on attempts.
    ///
    /// Sectigo asks partners who poll an order to do so no more frequently
    /// than once every 3 hours: an order is validated by people and
    /// processes that take hours or days, and polling faster only adds
    /// load on the service without collecting the certificate any sooner.
    /// The back-off stops at 12 hours (four intervals), so that an order
    /// that takes days is still asked about twice a day, and one that was
    /// issued is collected the same day.
    ///
    /// To choose otherwise, build a policy with [`Policy::new`]: a faster
    /// one for a test server or a mock (milliseconds are fine there), or a
    /// slower one for a batch that checks once a day. Against Sectigo's
    /// service, keep the minimum interval at 3 hours or more.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::Policy;
    ///
    /// const HOUR: Duration = Duration::from_secs(60 * 60);
    /// assert_eq!(Policy::DEFAULT.min_interval, 3 * HOUR);
    /// assert_eq!(Policy::DEFAULT.initial_delay, 3 * HOUR);
    /// assert_eq!(Policy::DEFAULT.delay(3), 12 * HOUR);
    /// assert_eq!(Policy::DEFAULT.max_attempts, None);
    /// assert_eq!(Policy::default(), Policy::DEFAULT);
    ///
    /// // A mock answers at once: poll it every 100 ms, backing off to 1 s.
    /// let mock = Policy::new(Duration::from_millis(100), Duration::from_millis(100), Duration::from_secs(1));
    /// assert_eq!(mock.delay(5), Duration::from_secs(1));
    /// ```
    pub const DEFAULT: Self = Self::new(
        Duration::from_secs(3 * 60 * 60),
        Duration::from_secs(3 * 60 * 60),
        Duration::from_secs(12 * 60 * 60),
    );

    /// A policy without a limit on attempts.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::Policy;
    /// let p = Policy::new(Duration::from_millis(10), Duration::from_millis(20), Duration::from_millis(80));
    /// assert_eq!(p.max_attempts, None);
    /// ```
    pub const fn new(min_interval: Duration, initial_delay: Duration, max_delay: Duration) -> Self {
        Self {
            min_interval,
            initial_delay,
            max_delay,
            max_attempts: None,
        }
    }

    /// The same policy with at most `attempts` calls in all.
    ///
    /// ```
    /// use collectssl::poll::Policy;
    /// assert_eq!(Policy::DEFAULT.with_max_attempts(3).max_attempts, Some(3));
    /// ```
    #[must_use]
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The wait after the `streak`-th pending or failed answer in a row
    /// (`streak` counts from 1; 0 gives the minimum interval):
    /// `initial_delay × 2^(streak − 1)`, at most `max_delay`, at least
    /// `min_interval`. It saturates rather than overflows.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::Policy;
    /// let p = Policy::new(Duration::from_secs(5), Duration::from_secs(1), Duration::from_secs(100));
    /// assert_eq!(p.delay(0), Duration::from_secs(5));
    /// assert_eq!(p.delay(1), Duration::from_secs(5)); // the minimum interval wins
    /// assert_eq!(p.delay(4), Duration::from_secs(8));
    /// assert_eq!(p.delay(u32::MAX), Duration::from_secs(100));
    /// ```
    pub fn delay(&self, streak: u32) -> Duration {
        let backoff = match streak.checked_sub(1) {
            None => Duration::ZERO,
            Some(doublings) => {
                let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
                self.initial_delay.saturating_mul(factor)
            }
        };
        backoff.min(self.max_delay).max(self.min_interval)
    }
}

impl Default for Policy {
    /// [`Policy::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why polling stopped.
///
/// ```
/// use collectssl::poll::Stop;
/// use collectssl::Status;
/// assert_eq!(Stop::Final(Status::Revoked).status(), Some(Status::Revoked));
/// assert_eq!(Stop::GaveUp(None).status(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stop {
    /// The order is finished: a status whose class is
    /// [`StatusClass::Final`] (issued, rejected or revoked).
    Final(Status),
    /// The request is at fault ([`StatusClass::CallerError`]); the same
    /// request would fail again.
    CallerError(Status),
    /// The policy's attempts are used up while the order was still pending
    /// or the server failing; the last answer, if the last call had one.
    GaveUp(Option<Status>),
}

impl Stop {
    /// The status of the last answer, if the last call had one.
    ///
    /// ```
    /// use collectssl::poll::Stop;
    /// use collectssl::Status;
    /// assert_eq!(Stop::GaveUp(Some(Status::BeingProcessed)).status(), Some(Status::BeingProcessed));
    /// ```
    pub const fn status(&self) -> Option<Status> {
        match *self {
            Self::Final(status) | Self::CallerError(status) => Some(status),
            Self::GaveUp(status) => status,
        }
    }
}

impl fmt::Display for Stop {
    /// `finished: 2 Certificates Attached`, `the request is at fault: -16 Permission denied!`,
    /// `gave up: 0 Being processed by Sectigo` (or `gave up: no answer`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Final(status) => write!(f, "finished: {status}"),
            Self::CallerError(status) => write!(f, "the request is at fault: {status}"),
            Self::GaveUp(Some(status)) => write!(f, "gave up: {status}"),
            Self::GaveUp(None) => f.write_str("gave up: no answer"),
        }
    }
}

/// What to do after a call: call again, or stop.
///
/// ```
/// use core::time::Duration;
/// use collectssl::poll::{Policy, Poller, Step};
/// use collectssl::Status;
///
/// let mut poller = Poller::new(Policy::DEFAULT);
/// let ticket = poller.start(Duration::ZERO).unwrap();
/// let step = poller.finish(ticket, Status::AwaitingPayment, Duration::from_secs(1)).unwrap();
/// // Three hours after the call ended.
/// assert_eq!(step, Step::CallAt(Duration::from_secs(1 + 3 * 60 * 60)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Call again, not before this time.
    CallAt(Duration),
    /// Stop polling.
    Stop(Stop),
}

/// Why the poller refused.
///
/// ```
/// use core::time::Duration;
/// use collectssl::poll::{PollError, Policy, Poller};
///
/// let mut poller = Poller::new(Policy::DEFAULT);
/// let _ticket = poller.start(Duration::ZERO).unwrap();
/// assert_eq!(poller.start(Duration::from_secs(60)).unwrap_err(), PollError::Busy);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PollError {
    /// Too early: the minimum interval or the back-off has not passed. The
    /// call may start at `at`.
    TooEarly {
        /// The earliest time the call may start.
        at: Duration,
    },
    /// A call is outstanding: finish it ([`Poller::finish`] or
    /// [`Poller::fail`]) first.
    Busy,
    /// Polling has stopped (see [`Poller::restart`]).
    Stopped(Stop),
    /// The ticket is not the one of the outstanding call (it belongs to
    /// another poller, or no call is outstanding).
    WrongTicket,
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooEarly { at } => write!(f, "too early: the next call may start at {at:?}"),
            Self::Busy => f.write_str("a call is outstanding"),
            Self::Stopped(stop) => write!(f, "polling has stopped ({stop})"),
            Self::WrongTicket => f.write_str("the ticket is not the outstanding call's"),
        }
    }
}

impl core::error::Error for PollError {}

/// The right to make one call, from [`Poller::start`]; give it back with
/// the answer ([`Poller::finish`]) or without one ([`Poller::fail`]).
///
/// It is neither `Clone` nor `Copy`, and the poller hands out no other
/// until it is back: a ticket that is dropped leaves the poller busy (every
/// [`Poller::start`] is [`PollError::Busy`]), never free to call twice.
///
/// ```
/// use core::time::Duration;
/// use collectssl::poll::{Policy, Poller};
/// let mut poller = Poller::new(Policy::DEFAULT);
/// let ticket = poller.start(Duration::from_secs(7)).unwrap();
/// assert_eq!((ticket.attempt(), ticket.started()), (1, Duration::from_secs(7)));
/// ```
#[derive(Debug, PartialEq, Eq)]
#[must_use = "give the ticket back with Poller::finish or Poller::fail, or the poller stays busy"]
pub struct Ticket {
    attempt: u32,
    started: Duration,
}

impl Ticket {
    /// Which call this is, counting from 1.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// assert_eq!(poller.start(Duration::ZERO).unwrap().attempt(), 1);
    /// ```
    pub const fn attempt(&self) -> u32 {
        self.attempt
    }

    /// When the call started, as given to [`Poller::start`].
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// assert_eq!(poller.start(Duration::from_secs(3)).unwrap().started(), Duration::from_secs(3));
    /// ```
    pub const fn started(&self) -> Duration {
        self.started
    }
}

/// Where the poller is.
#[derive(Debug, PartialEq, Eq)]
enum Phase {
    /// No call outstanding; the next may start at `earliest`.
    Idle { earliest: Duration },
    /// One call outstanding.
    Calling { attempt: u32, started: Duration },
    /// Polling has stopped.
    Stopped(Stop),
}

/// The polling schedule for one order: a state machine that allows one
/// call at a time, at the times its [`Policy`] allows, until the answer is
/// final (see the [module docs](self)).
///
/// It is not `Clone`: a copy could hand out a second ticket.
///
/// ```
/// use core::time::Duration;
/// use collectssl::poll::{PollError, Policy, Poller, Step, Stop};
/// use collectssl::Status;
///
/// let ms = Duration::from_millis;
/// let policy = Policy::new(ms(100), ms(100), ms(250)).with_max_attempts(3);
/// let mut poller = Poller::new(policy);
///
/// let t = poller.start(ms(0))?;
/// assert_eq!(poller.finish(t, Status::BeingProcessed, ms(10))?, Step::CallAt(ms(110)));
/// assert_eq!(poller.start(ms(50)).unwrap_err(), PollError::TooEarly { at: ms(110) });
/// assert_eq!(poller.until_next_call(ms(50))?, ms(60));
///
/// // No answer at all (a transport error) backs off too.
/// let t = poller.start(ms(110))?;
/// assert_eq!(poller.fail(t, ms(120))?, Step::CallAt(ms(320)));
///
/// let t = poller.start(ms(320))?;
/// assert_eq!(
///     poller.finish(t, Status::BeingProcessed, ms(330))?,
///     Step::Stop(Stop::GaveUp(Some(Status::BeingProcessed))),
/// );
/// assert_eq!(poller.attempts(), 3);
/// # Ok::<(), PollError>(())
/// ```
#[derive(Debug)]
pub struct Poller {
    policy: Policy,
    /// Calls started since the last (re)start.
    attempts: u32,
    /// Pending or failed answers in a row.
    streak: u32,
    /// When the last call ended, for [`Poller::restart`].
    last_end: Option<Duration>,
    phase: Phase,
}

impl Poller {
    /// A poller whose first call may start at any time.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// assert_eq!(Poller::new(Policy::DEFAULT).next_call_at(), Ok(Duration::ZERO));
    /// ```
    pub const fn new(policy: Policy) -> Self {
        Self::starting_at(policy, Duration::ZERO)
    }

    /// A poller whose first call may start at `earliest`, e.g. the minimum
    /// interval after a call made before this poller existed.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// let poller = Poller::starting_at(Policy::DEFAULT, Duration::from_secs(9));
    /// assert_eq!(poller.next_call_at(), Ok(Duration::from_secs(9)));
    /// ```
    pub const fn starting_at(policy: Policy, earliest: Duration) -> Self {
        let phase = match policy.max_attempts {
            Some(0) => Phase::Stopped(Stop::GaveUp(None)),
            _ => Phase::Idle { earliest },
        };
        Self {
            policy,
            attempts: 0,
            streak: 0,
            last_end: None,
            phase,
        }
    }

    /// The policy it follows.
    ///
    /// ```
    /// use collectssl::poll::{Policy, Poller};
    /// assert_eq!(Poller::new(Policy::DEFAULT).policy(), Policy::DEFAULT);
    /// ```
    pub const fn policy(&self) -> Policy {
        self.policy
    }

    /// How many calls have started since the poller was made or restarted.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// let _ticket = poller.start(Duration::ZERO).unwrap();
    /// assert_eq!(poller.attempts(), 1);
    /// ```
    pub const fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The earliest time the next call may start; [`PollError::Busy`]
    /// while a call is outstanding, [`PollError::Stopped`] once polling has
    /// stopped.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{PollError, Policy, Poller};
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// let ticket = poller.start(Duration::ZERO).unwrap();
    /// assert_eq!(poller.next_call_at(), Err(PollError::Busy));
    /// # let _ = poller.fail(ticket, Duration::ZERO);
    /// ```
    pub const fn next_call_at(&self) -> Result<Duration, PollError> {
        match self.phase {
            Phase::Idle { earliest } => Ok(earliest),
            Phase::Calling { .. } => Err(PollError::Busy),
            Phase::Stopped(stop) => Err(PollError::Stopped(stop)),
        }
    }

    /// How long to wait from `now` before the next call may start (zero if
    /// it may start now); errors as [`Poller::next_call_at`].
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller};
    /// let poller = Poller::starting_at(Policy::DEFAULT, Duration::from_secs(9));
    /// assert_eq!(poller.until_next_call(Duration::from_secs(4)), Ok(Duration::from_secs(5)));
    /// assert_eq!(poller.until_next_call(Duration::from_secs(10)), Ok(Duration::ZERO));
    /// ```
    pub fn until_next_call(&self, now: Duration) -> Result<Duration, PollError> {
        self.next_call_at().map(|at| at.saturating_sub(now))
    }

    /// Starts a call at `now`: the ticket to give back when it ends.
    ///
    /// Refused while another call is outstanding ([`PollError::Busy`]),
    /// before [`Poller::next_call_at`] ([`PollError::TooEarly`]), and once
    /// polling has stopped ([`PollError::Stopped`]). A refusal changes
    /// nothing.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{PollError, Policy, Poller};
    /// let mut poller = Poller::starting_at(Policy::DEFAULT, Duration::from_secs(9));
    /// assert_eq!(poller.start(Duration::from_secs(8)).unwrap_err(),
    ///            PollError::TooEarly { at: Duration::from_secs(9) });
    /// assert!(poller.start(Duration::from_secs(9)).is_ok());
    /// ```
    pub fn start(&mut self, now: Duration) -> Result<Ticket, PollError> {
        let earliest = self.next_call_at()?;
        if now < earliest {
            return Err(PollError::TooEarly { at: earliest });
        }
        // A limited policy stops the poller before the count runs out; an
        // unlimited one counts up to `u32::MAX` calls and stays there.
        let attempt = self.attempts.saturating_add(1);
        self.attempts = attempt;
        self.phase = Phase::Calling {
            attempt,
            started: now,
        };
        Ok(Ticket {
            attempt,
            started: now,
        })
    }

    /// Ends the outstanding call with the answer's status, at `now`, and
    /// says what comes next (see [`Status::class`]): a final status or a
    /// fault in the request stops polling; a pending or retryable one backs
    /// off, unless the policy's attempts are used up.
    ///
    /// A ticket that is not the outstanding call's is
    /// [`PollError::WrongTicket`], and changes nothing. A `now` before the
    /// call's start (a clock that went back) counts as its start.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller, Step, Stop};
    /// use collectssl::Status;
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// let ticket = poller.start(Duration::ZERO).unwrap();
    /// assert_eq!(poller.finish(ticket, Status::PermissionDenied, Duration::ZERO),
    ///            Ok(Step::Stop(Stop::CallerError(Status::PermissionDenied))));
    /// ```
    pub fn finish(
        &mut self,
        ticket: Ticket,
        status: Status,
        now: Duration,
    ) -> Result<Step, PollError> {
        self.settle(ticket, Some(status), now)
    }

    /// Ends the outstanding call without an answer (a transport error, a
    /// time-out, an HTTP error page): it backs off as a retryable status
    /// does.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller, Step};
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// let ticket = poller.start(Duration::ZERO).unwrap();
    /// // The first back-off of the default policy: 3 hours.
    /// assert_eq!(poller.fail(ticket, Duration::ZERO), Ok(Step::CallAt(Duration::from_secs(3 * 60 * 60))));
    /// ```
    pub fn fail(&mut self, ticket: Ticket, now: Duration) -> Result<Step, PollError> {
        self.settle(ticket, None, now)
    }

    /// Polls afresh (e.g. with a corrected request after a
    /// [`Stop::CallerError`]): the attempts and the back-off start over, and
    /// the next call still waits the minimum interval after the last one.
    /// Refused while a call is outstanding.
    ///
    /// ```
    /// use core::time::Duration;
    /// use collectssl::poll::{Policy, Poller, Step};
    /// use collectssl::Status;
    /// let mut poller = Poller::new(Policy::DEFAULT);
    /// let ticket = poller.start(Duration::ZERO).unwrap();
    /// poller.finish(ticket, Status::ArgumentInvalid, Duration::from_secs(1)).unwrap();
    /// poller.restart().unwrap();
    /// assert_eq!(poller.attempts(), 0);
    /// // The minimum interval (3 hours by default) after the last call ended.
    /// assert_eq!(poller.next_call_at(), Ok(Duration::from_secs(1 + 3 * 60 * 60)));
    /// ```
    pub fn restart(&mut self) -> Result<(), PollError> {
        if let Phase::Calling { .. } = self.phase {
            return Err(PollError::Busy);
        }
        let earliest = self.last_end.map_or(Duration::ZERO, |end| {
            end.saturating_add(self.policy.min_interval)
        });
        *self = Self {
            last_end: self.last_end,
            ..Self::starting_at(self.policy, earliest)
        };
        Ok(())
    }

    /// Ends the outstanding call with `status` (`None`: no answer).
    fn settle(
        &mut self,
        ticket: Ticket,
        status: Option<Status>,
        now: Duration,
    ) -> Result<Step, PollError> {
        let Phase::Calling { attempt, started } = self.phase else {
            return Err(PollError::WrongTicket);
        };
        if ticket.attempt != attempt || ticket.started != started {
            return Err(PollError::WrongTicket);
        }
        let end = now.max(started);
        self.last_end = Some(end);
        let class = status.map_or(StatusClass::Retryable, Status::class);
        let stop = match (class, status) {
            (StatusClass::Final(_), Some(status)) => Some(Stop::Final(status)),
            (StatusClass::CallerError, Some(status)) => Some(Stop::CallerError(status)),
            _ if self
                .policy
                .max_attempts
                .is_some_and(|max| self.attempts >= max) =>
            {
                Some(Stop::GaveUp(status))
            }
            _ => None,
        };
        if let Some(stop) = stop {
            self.phase = Phase::Stopped(stop);
            return Ok(Step::Stop(stop));
        }
        self.streak = self.streak.saturating_add(1);
        let earliest = end.saturating_add(self.policy.delay(self.streak));
        self.phase = Phase::Idle { earliest };
        Ok(Step::CallAt(earliest))
    }
}

#[cfg(test)]
mod tests;

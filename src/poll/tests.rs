//! Unit tests of `crate::poll`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn policy() -> Policy {
    Policy::new(ms(100), ms(200), ms(1000))
}

/// Starts at `at` and finishes with `code` at `at + took`.
fn call(p: &mut Poller, at: u64, took: u64, code: i32) -> Step {
    let ticket = p.start(ms(at)).unwrap();
    p.finish(ticket, Status::from_code(code), ms(at + took))
        .unwrap()
}

#[test]
fn the_first_call_may_start_at_once() {
    let mut p = Poller::new(policy());
    assert_eq!(p.next_call_at(), Ok(Duration::ZERO));
    assert!(p.start(Duration::ZERO).is_ok());
}

#[test]
fn only_one_call_is_outstanding() {
    let mut p = Poller::new(policy());
    let ticket = p.start(ms(0)).unwrap();
    for later in [0, 100, 10_000, u64::MAX] {
        assert_eq!(p.start(ms(later)), Err(PollError::Busy));
    }
    assert_eq!(p.next_call_at(), Err(PollError::Busy));
    assert_eq!(p.attempts(), 1);
    p.fail(ticket, ms(5)).unwrap();
    assert!(p.next_call_at().is_ok());
}

#[test]
fn the_minimum_interval_runs_from_the_end_of_the_call() {
    let mut p = Poller::new(Policy::new(ms(100), ms(0), ms(0)));
    assert_eq!(call(&mut p, 0, 50, 0), Step::CallAt(ms(150)));
    assert_eq!(p.start(ms(149)), Err(PollError::TooEarly { at: ms(150) }));
    assert_eq!(p.until_next_call(ms(149)), Ok(ms(1)));
    assert!(p.start(ms(150)).is_ok());
}

#[test]
fn pending_and_retryable_back_off_exponentially_to_the_cap() {
    let mut p = Poller::new(policy());
    let mut at = 0;
    let mut waits = vec![];
    for code in [0, -22, -14, -26, 0, 0] {
        let Step::CallAt(next) = call(&mut p, at, 0, code) else {
            panic!("stopped on {code}");
        };
        let next = u64::try_from(next.as_millis()).unwrap();
        waits.push(next - at);
        at = next;
    }
    assert_eq!(waits, [200, 400, 800, 1000, 1000, 1000]);
}

#[test]
fn a_failed_call_backs_off_like_a_retryable_status() {
    let mut p = Poller::new(policy());
    let t = p.start(ms(0)).unwrap();
    assert_eq!(p.fail(t, ms(10)), Ok(Step::CallAt(ms(210))));
    let t = p.start(ms(210)).unwrap();
    assert_eq!(p.fail(t, ms(210)), Ok(Step::CallAt(ms(610))));
}

#[test]
fn final_statuses_stop() {
    for code in [2, 1, -20, -21] {
        let mut p = Poller::new(policy());
        let stop = Stop::Final(Status::from_code(code));
        assert_eq!(call(&mut p, 0, 1, code), Step::Stop(stop));
        assert_eq!(p.start(ms(1_000_000)), Err(PollError::Stopped(stop)));
        assert_eq!(p.next_call_at(), Err(PollError::Stopped(stop)));
    }
}

#[test]
fn caller_errors_stop() {
    for code in [-1, -2, -3, -4, -16, -17] {
        let mut p = Poller::new(policy());
        let stop = Stop::CallerError(Status::from_code(code));
        assert_eq!(call(&mut p, 0, 1, code), Step::Stop(stop));
        assert_eq!(p.start(ms(1_000_000)), Err(PollError::Stopped(stop)));
    }
}

#[test]
fn attempts_are_bounded() {
    let mut p = Poller::new(policy().with_max_attempts(2));
    assert_eq!(call(&mut p, 0, 0, 0), Step::CallAt(ms(200)));
    let t = p.start(ms(200)).unwrap();
    assert_eq!(p.fail(t, ms(200)), Ok(Step::Stop(Stop::GaveUp(None))));
    assert_eq!(
        p.start(ms(10_000)),
        Err(PollError::Stopped(Stop::GaveUp(None)))
    );
    // A final answer on the last attempt is still final.
    let mut p = Poller::new(policy().with_max_attempts(1));
    assert_eq!(
        call(&mut p, 0, 0, 2),
        Step::Stop(Stop::Final(Status::CertificatesAttached))
    );
    // No attempt at all.
    let mut p = Poller::new(policy().with_max_attempts(0));
    assert_eq!(p.start(ms(0)), Err(PollError::Stopped(Stop::GaveUp(None))));
}

#[test]
fn a_wrong_ticket_is_refused_and_changes_nothing() {
    let mut other = Poller::new(policy());
    let mut p = Poller::new(policy());
    // Another poller's ticket, while no call is outstanding here.
    let foreign = other.start(ms(5)).unwrap();
    assert_eq!(
        p.finish(foreign, Status::BeingProcessed, ms(6)),
        Err(PollError::WrongTicket)
    );
    assert_eq!(p.next_call_at(), Ok(Duration::ZERO));
    // A ticket that is not the outstanding call's.
    let mine = p.start(ms(0)).unwrap();
    let stranger = Ticket {
        attempt: 1,
        started: ms(1),
    };
    assert_eq!(p.fail(stranger, ms(2)), Err(PollError::WrongTicket));
    assert_eq!(p.start(ms(3)), Err(PollError::Busy));
    assert_eq!(p.fail(mine, ms(4)), Ok(Step::CallAt(ms(204))));
}

#[test]
fn a_clock_that_goes_back_never_shortens_the_interval() {
    let mut p = Poller::new(policy());
    let t = p.start(ms(1000)).unwrap();
    // Finished "before" it started: counted from the start.
    assert_eq!(
        p.finish(t, Status::BeingProcessed, ms(10)),
        Ok(Step::CallAt(ms(1200)))
    );
    assert_eq!(p.start(ms(500)), Err(PollError::TooEarly { at: ms(1200) }));
}

#[test]
fn times_saturate_instead_of_overflowing() {
    let mut p = Poller::new(Policy::new(Duration::MAX, Duration::MAX, Duration::MAX));
    let t = p.start(Duration::MAX).unwrap();
    assert_eq!(p.fail(t, Duration::MAX), Ok(Step::CallAt(Duration::MAX)));
    assert_eq!(Policy::DEFAULT.delay(200), Policy::DEFAULT.max_delay);
}

#[test]
fn the_default_polls_no_more_than_once_every_three_hours() {
    const HOUR: Duration = Duration::from_secs(60 * 60);
    let mut p = Poller::new(Policy::DEFAULT);
    let mut at = Duration::ZERO;
    let mut waits = vec![];
    // Pending, awaiting payment, no answer, an unknown error, pending.
    for code in [Some(0), Some(-22), None, Some(-14), Some(0)] {
        let ticket = p.start(at).unwrap();
        let end = at + ms(500);
        let step = match code {
            Some(code) => p.finish(ticket, Status::from_code(code), end),
            None => p.fail(ticket, end),
        };
        let Ok(Step::CallAt(next)) = step else {
            panic!("stopped on {code:?}");
        };
        // Never sooner than 3 hours after the call ended.
        assert_eq!(p.start(next - ms(1)), Err(PollError::TooEarly { at: next }));
        waits.push((next - end).as_secs() / 3600);
        at = next;
    }
    assert_eq!(waits, [3, 6, 12, 12, 12]);
    assert!(Policy::DEFAULT.delay(u32::MAX) <= 12 * HOUR);
}

#[test]
fn the_minimum_interval_wins_over_a_smaller_cap() {
    let p = Policy::new(ms(500), ms(10), ms(100));
    assert_eq!(p.delay(1), ms(500));
    assert_eq!(p.delay(30), ms(500));
}

#[test]
fn restart_keeps_the_interval_and_resets_the_rest() {
    let mut p = Poller::new(policy().with_max_attempts(1));
    assert_eq!(
        call(&mut p, 0, 40, -4),
        Step::Stop(Stop::CallerError(Status::ArgumentInvalid))
    );
    p.restart().unwrap();
    assert_eq!(p.attempts(), 0);
    assert_eq!(p.next_call_at(), Ok(ms(140)));
    // The back-off starts over too.
    assert_eq!(
        call(&mut p, 140, 0, 2),
        Step::Stop(Stop::Final(Status::from_code(2)))
    );
    let mut p = Poller::new(policy());
    let t = p.start(ms(0)).unwrap();
    assert_eq!(p.restart(), Err(PollError::Busy));
    p.fail(t, ms(0)).unwrap();
    // A fresh poller restarts to a free start.
    let mut fresh = Poller::new(policy());
    fresh.restart().unwrap();
    assert_eq!(fresh.next_call_at(), Ok(Duration::ZERO));
}

#[test]
fn messages() {
    assert_eq!(
        PollError::Stopped(Stop::Final(Status::Revoked)).to_string(),
        "polling has stopped (finished: -21 The certificate has been revoked!)"
    );
    assert_eq!(Stop::GaveUp(None).to_string(), "gave up: no answer");
    assert_eq!(
        PollError::TooEarly { at: ms(1500) }.to_string(),
        "too early: the next call may start at 1.5s"
    );
}

/// One thing a caller may do.
#[derive(Debug, Clone)]
enum Op {
    /// Moves the clock on (or back, when negative).
    Tick(i64),
    Start,
    Finish(i32),
    Fail,
    /// Gives back a ticket the poller did not hand out.
    Forge(u32, u64),
    Restart,
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        3 => (-50i64..2_000).prop_map(Op::Tick),
        3 => Just(Op::Start),
        2 => prop::sample::select(vec![2, 1, 0, -1, -2, -3, -4, -14, -16, -17, -20, -21, -22, -26, 7])
            .prop_map(Op::Finish),
        1 => Just(Op::Fail),
        1 => (0u32..4, 0u64..3_000).prop_map(|(a, s)| Op::Forge(a, s)),
        1 => Just(Op::Restart),
    ]
}

proptest::proptest! {
    /// No sequence of calls yields two outstanding calls, a call before
    /// the minimum interval after the previous one ended, or more calls
    /// than the policy allows; and `next_call_at` tells the truth.
    #[test]
    fn no_two_calls_and_never_too_soon(
        min in 0u64..300,
        initial in 0u64..300,
        cap in 0u64..2_000,
        max_attempts in proptest::option::of(0u32..6),
        ops in proptest::collection::vec(op(), 0..120),
    ) {
        let mut policy = Policy::new(ms(min), ms(initial), ms(cap));
        policy.max_attempts = max_attempts;
        let mut p = Poller::new(policy);
        let mut now = 0u64;
        let mut outstanding: Option<Ticket> = None;
        // When the last call ended: the later of its start and finish times.
        let mut last_end: Option<u64> = None;
        let mut since_restart = 0u32;
        let mut last_wait = Duration::ZERO;
        for op in ops {
            match op {
                Op::Tick(d) => now = now.saturating_add_signed(d),
                Op::Start => {
                    let promised = p.next_call_at();
                    match p.start(ms(now)) {
                        Ok(ticket) => {
                            proptest::prop_assert!(outstanding.is_none(), "two calls outstanding");
                            if let Some(end) = last_end {
                                proptest::prop_assert!(now >= end + min, "call at {now} after end {end}");
                            }
                            proptest::prop_assert!(promised.is_ok_and(|at| ms(now) >= at));
                            since_restart += 1;
                            if let Some(max) = max_attempts {
                                proptest::prop_assert!(since_restart <= max);
                            }
                            outstanding = Some(ticket);
                        }
                        Err(PollError::Busy) => proptest::prop_assert!(outstanding.is_some()),
                        Err(PollError::TooEarly { at }) => {
                            proptest::prop_assert_eq!(promised, Ok(at));
                            proptest::prop_assert!(ms(now) < at);
                        }
                        Err(PollError::Stopped(_)) => proptest::prop_assert!(outstanding.is_none()),
                        Err(e) => proptest::prop_assert!(false, "{e}"),
                    }
                }
                Op::Finish(_) | Op::Fail => {
                    let Some(ticket) = outstanding.take() else { continue };
                    let started = u64::try_from(ticket.started().as_millis()).unwrap();
                    let step = match op {
                        Op::Finish(code) => p.finish(ticket, Status::from_code(code), ms(now)),
                        _ => p.fail(ticket, ms(now)),
                    };
                    let end = now.max(started);
                    last_end = Some(end);
                    match step {
                        Ok(Step::CallAt(at)) => {
                            let wait = at - ms(end);
                            proptest::prop_assert!(wait >= ms(min));
                            proptest::prop_assert!(wait <= ms(min.max(cap)));
                            // The back-off never shrinks until a restart.
                            proptest::prop_assert!(wait >= last_wait);
                            last_wait = wait;
                        }
                        Ok(Step::Stop(_)) => {}
                        Err(e) => proptest::prop_assert!(false, "{e}"),
                    }
                }
                Op::Forge(attempt, started) => {
                    let forged = Ticket { attempt, started: ms(started) };
                    let genuine = outstanding.as_ref().is_some_and(|t| *t == forged);
                    if !genuine {
                        proptest::prop_assert_eq!(p.fail(forged, ms(now)), Err(PollError::WrongTicket));
                    } else {
                        // Indistinguishable from the real one: use it as such.
                        outstanding = None;
                        let s = u64::try_from(forged.started().as_millis()).unwrap();
                        p.fail(forged, ms(now)).unwrap();
                        last_end = Some(now.max(s));
                    }
                }
                Op::Restart => match p.restart() {
                    Ok(()) => {
                        proptest::prop_assert!(outstanding.is_none());
                        since_restart = 0;
                        last_wait = Duration::ZERO;
                    }
                    Err(e) => {
                        proptest::prop_assert_eq!(e, PollError::Busy);
                        proptest::prop_assert!(outstanding.is_some());
                    }
                },
            }
        }
    }
}

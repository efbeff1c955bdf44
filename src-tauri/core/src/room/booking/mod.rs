//! The room books itself: Book now, Extend, End early on a Google or Graph
//! room, check-in that releases no-shows, and Meet now (`meet_now.rs`).
//! `rules.rs` decides with `now`; this file reads the slot fresh, writes
//! through the calendar's own API with its version, shows the change at
//! once and asks the room's plan to read the source again to confirm it.

mod ledger;
mod meet_now;
mod messages;
pub mod rules;

use chrono::{DateTime, Utc};

pub use ledger::{Ledger, LedgerFile, WRITES_AN_HOUR};
pub use meet_now::{MeetNow, MeetNowError, MEET_NOW_MINUTES};
pub use rules::{CheckIn, CheckInState, Refusal};

use super::agenda::{self, AgendaEvent};
use super::Room;
use crate::calendar::write::{NewBooking, WriteError};
use crate::calendar::{CalendarEvent, CalendarSource};
use crate::metrics::{self, WriteAction};
use crate::words::{say, say_with};

/// `[booking]`: whether the room may write its calendar, and check-in.
#[derive(Debug, Clone, Default)]
pub struct BookingSetup {
    /// Book now, Extend and End early are offered (on a Google or Graph room).
    pub enabled: bool,
    /// Bookings must be checked in, or they are released.
    pub check_in: Option<CheckIn>,
    /// The ledger's file (check-ins, recent writes); none: kept in memory.
    pub ledger_file: Option<std::path::PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("this room does not book itself ([booking] is off)")]
    NotEnabled,
    #[error("this room's calendar cannot be written (an ICS feed)")]
    ReadOnlyCalendar,
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("the room wrote its calendar {WRITES_AN_HOUR} times this hour")]
    TooManyWrites { next_at: DateTime<Utc> },
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("the calendar refused the write: {0}")]
    Write(#[from] WriteError),
}

/// A walk-up booking on its own, or the one Meet now makes with its link.
#[derive(Debug, Clone, Copy)]
pub(super) enum WalkUp<'a> {
    Plain,
    MeetNow { link: &'a str },
}

/// What a write changed, for the answer and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    /// The event's key on the screen after the write.
    pub key: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Room {
    fn writable_source(&self) -> Result<(usize, &CalendarSource), BookingError> {
        if !self.setup.booking.enabled {
            return Err(BookingError::NotEnabled);
        }
        self.setup
            .sources
            .iter()
            .enumerate()
            .find(|(_, s)| s.writable())
            .ok_or(BookingError::ReadOnlyCalendar)
    }

    fn source_named(&self, name: &str) -> Option<(usize, &CalendarSource)> {
        self.setup
            .sources
            .iter()
            .enumerate()
            .find(|(_, s)| s.name() == name && s.writable())
    }

    /// A person's write is allowed only within the hour's budget.
    fn within_budget(&self, now: DateTime<Utc>) -> Result<(), BookingError> {
        let ledger = self.ledger().load();
        match ledger.next_write_at(now) {
            Some(next_at) => Err(BookingError::TooManyWrites { next_at }),
            None => Ok(()),
        }
    }

    fn ledger(&self) -> std::sync::MutexGuard<'_, LedgerFile> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Book now: the room for `minutes` (15, 30 or 60) from this minute,
    /// never past the next booking, checked against a fresh read.
    pub async fn book_now(&self, minutes: u32, now: DateTime<Utc>) -> Result<Booked, BookingError> {
        counted(
            WriteAction::BookNow,
            self.book_now_uncounted(minutes, now, WalkUp::Plain),
        )
        .await
    }

    pub(super) async fn book_now_uncounted(
        &self,
        minutes: u32,
        now: DateTime<Utc>,
        walk_up: WalkUp<'_>,
    ) -> Result<Booked, BookingError> {
        let (lane, source) = self.writable_source()?;
        let link = match walk_up {
            WalkUp::Plain => {
                self.within_budget(now)?;
                ""
            }
            // Meet now counted its one write already.
            WalkUp::MeetNow { link } => link,
        };
        let agenda = self.state.read().await.agenda.clone();
        let mut end = rules::book_now_end(&agenda, minutes, now)?;
        let start = rules::minute_of(now);
        // The screen's agenda may be a minute old: the slot is checked as it is now.
        // What ended this minute (an End now, a zero-length event) holds nothing.
        let busy = source.busy(&self.http.api, start, end).await?;
        for busy in busy.into_iter().filter(|b| b.end > now) {
            if busy.start <= now && now < busy.end {
                return Err(Refusal::RoomBusy.into());
            }
            end = end.min(busy.start.max(start));
        }
        if end - now < rules::SHORTEST_BOOKING {
            return Err(Refusal::NextTooSoon.into());
        }
        let booking = NewBooking {
            title: say("booking.walk_up_title"),
            start,
            end,
            body: if link.is_empty() {
                say("booking.walk_up_body")
            } else {
                say_with("booking.meet_now_body", &[("link", link)])
            },
            link: link.to_string(),
        };
        let written = source
            .book(&self.http.api, &booking)
            .await
            .inspect_err(|e| self.stale_after(lane, e, now))?;
        let key = agenda::event_key(source.name(), &written.id, start);
        tracing::info!(source = source.name(), %start, %end, "booked the room (walk-up)");
        self.ledger().update(now, |l| {
            if matches!(walk_up, WalkUp::Plain) {
                l.wrote(now);
            }
            // The person is in the room: their booking is checked in.
            l.check_in(&key, now);
        });
        let event = CalendarEvent {
            uid: written.id,
            title: booking.title,
            start,
            end,
            etag: written.etag,
            source: source.name().to_string(),
            conference: match link.is_empty() {
                true => Vec::new(),
                false => vec![link.to_string()],
            },
            ..walk_up_event()
        };
        self.show_written(lane, |events| events.push(event), now)
            .await;
        Ok(Booked { key, start, end })
    }

    /// Extend: the meeting on now runs `minutes` (15 or 30) longer, only if
    /// the time is free at the moment of the write.
    pub async fn extend(&self, minutes: u32, now: DateTime<Utc>) -> Result<Booked, BookingError> {
        counted(WriteAction::Extend, async {
            let agenda = self.state.read().await.agenda.clone();
            let (on, end) = rules::extend_end(&agenda, minutes, now)?;
            self.set_end(&on, end, now, true).await
        })
        .await
    }

    /// End early: the meeting on now ends this minute.
    pub async fn end_early(&self, now: DateTime<Utc>) -> Result<Booked, BookingError> {
        counted(WriteAction::EndEarly, async {
            let agenda = self.state.read().await.agenda.clone();
            let (on, end) = rules::end_early(&agenda, now)?;
            self.set_end(&on, end, now, false).await
        })
        .await
    }

    async fn set_end(
        &self,
        on: &AgendaEvent,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
        check_slot: bool,
    ) -> Result<Booked, BookingError> {
        self.writable_source()?;
        let (lane, source) = self
            .source_named(&on.source)
            .ok_or(BookingError::ReadOnlyCalendar)?;
        self.within_budget(now)?;
        let held = self
            .calendar_event(on)
            .await
            .ok_or(BookingError::UnknownEvent)?;
        if check_slot {
            let taken = source
                .busy(&self.http.api, on.end, end)
                .await?
                .into_iter()
                .any(|b| b.id != held.uid && b.start < end && b.end > on.end);
            if taken {
                self.stale_after(lane, &WriteError::Conflict, now);
                return Err(WriteError::Conflict.into());
            }
        }
        let written = source
            .set_end(&self.http.api, &held.uid, &held.etag, end)
            .await
            .inspect_err(|e| self.stale_after(lane, e, now))?;
        tracing::info!(source = source.name(), event = %on.key, %end, "moved a meeting's end");
        self.ledger().update(now, |l| l.wrote(now));
        let uid = held.uid.clone();
        self.show_written(
            lane,
            |events| {
                if let Some(e) = events.iter_mut().find(|e| e.uid == uid) {
                    e.end = end;
                    e.etag = written.etag.clone();
                }
            },
            now,
        )
        .await;
        Ok(Booked {
            key: on.key.clone(),
            start: on.start,
            end,
        })
    }

    /// Check in: the booking whose window is open (or `key`'s) is claimed,
    /// so it is not released. Not a write: the calendar is not touched.
    pub async fn check_in(
        &self,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Booked, BookingError> {
        let rule = self
            .setup
            .booking
            .check_in
            .clone()
            .ok_or(BookingError::NotEnabled)?;
        let agenda = self.state.read().await.agenda.clone();
        let ledger = self.ledger().load();
        let checked = |k: &str| ledger.is_checked_in(k);
        let target = match key {
            Some(key) => {
                let e = agenda
                    .iter()
                    .find(|e| e.key == key)
                    .ok_or(BookingError::UnknownEvent)?;
                match rules::check_in_state(e, &rule, checked(key), now) {
                    CheckInState::Open | CheckInState::CheckedIn => e,
                    _ => return Err(Refusal::NotCheckInTime.into()),
                }
            }
            None => rules::check_in_target(&agenda, &rule, &checked, now)
                .filter(|e| self.releasable(e))
                .ok_or(Refusal::NotCheckInTime)?,
        };
        let result = Booked {
            key: target.key.clone(),
            start: target.start,
            end: target.end,
        };
        self.ledger().update(now, |l| l.check_in(&result.key, now));
        tracing::info!(event = %result.key, "checked in");
        metrics::count_write(WriteAction::CheckIn, metrics::TapResult::Ok);
        Ok(result)
    }

    /// A Start or Join on an event is a check-in.
    pub(super) fn checked_in_by_tap(&self, key: &str, now: DateTime<Utc>) {
        if self.setup.booking.check_in.is_some() {
            self.ledger().update(now, |l| l.check_in(key, now));
        }
    }

    /// Check-in applies only where the room could release the booking.
    fn releasable(&self, e: &AgendaEvent) -> bool {
        self.setup.booking.check_in.is_some() && self.source_named(&e.source).is_some()
    }

    /// Releases each booking nobody checked in: the room declines that
    /// occurrence (never its series) with a comment. Called by `poll`.
    pub async fn release_no_shows(&self, now: DateTime<Utc>) {
        let Some(rule) = self.setup.booking.check_in.clone() else {
            return;
        };
        // A clock minutes fast would release meetings before people could come.
        let skew = crate::http::clock::skew();
        if !crate::http::clock::trusted(skew) {
            tracing::warn!(
                ?skew,
                "no booking is released while this computer's clock is not known to be right"
            );
            return;
        }
        let agenda = self.state.read().await.agenda.clone();
        let ledger = self.ledger().load();
        let due: Vec<&AgendaEvent> = agenda
            .iter()
            .filter(|e| self.releasable(e) && !ledger.was_released(&e.key))
            .filter(|e| {
                rules::check_in_state(e, &rule, ledger.is_checked_in(&e.key), now)
                    == CheckInState::NoShow
            })
            .collect();
        for e in due {
            let outcome = self.release(e, &rule, now).await;
            let result = match &outcome {
                Ok(()) => metrics::TapResult::Ok,
                Err(_) => metrics::TapResult::Error,
            };
            metrics::count_write(WriteAction::Release, result);
            match outcome {
                Ok(()) => tracing::info!(event = %e.key, "released a booking nobody checked in"),
                Err(err) => {
                    tracing::warn!(event = %e.key, error = %err, "could not release a no-show")
                }
            }
        }
    }

    async fn release(
        &self,
        e: &AgendaEvent,
        rule: &CheckIn,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let (lane, source) = self
            .source_named(&e.source)
            .ok_or(BookingError::ReadOnlyCalendar)?;
        let held = self
            .calendar_event(e)
            .await
            .ok_or(BookingError::UnknownEvent)?;
        let minutes = rule.after.num_minutes().to_string();
        let comment = say_with("booking.release_comment", &[("minutes", &minutes)]);
        let result = source
            .release(&self.http.api, &held.uid, &held.etag, &comment)
            .await;
        // Tried once: a booking that changed or left is not tried again.
        self.ledger().update(now, |l| l.released(&e.key, now));
        match result {
            Ok(()) | Err(WriteError::Gone) => {}
            Err(err) => return Err(err.into()),
        }
        let uid = held.uid;
        self.show_written(
            lane,
            |events| {
                if let Some(e) = events.iter_mut().find(|e| e.uid == uid) {
                    e.cancelled = true;
                }
            },
            now,
        )
        .await;
        Ok(())
    }

    /// The calendar's own event behind an agenda row.
    async fn calendar_event(&self, e: &AgendaEvent) -> Option<CalendarEvent> {
        let state = self.state.read().await;
        state
            .events
            .get(&e.source)?
            .iter()
            .find(|c| c.start == e.start && agenda::event_key(&c.source, &c.uid, c.start) == e.key)
            .cloned()
    }

    /// The calendar changed under the screen: read it again now, so the
    /// person sees what is there before trying again.
    fn stale_after(&self, lane: usize, e: &WriteError, now: DateTime<Utc>) {
        if matches!(
            e,
            WriteError::Changed | WriteError::Conflict | WriteError::Gone
        ) {
            if let Some(plan) = self.plan.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
                plan.read_soon(lane, now);
            }
        }
    }

    /// Shows a write at once (`change` to the source's events, the agenda
    /// rebuilt), and has the room's plan read that source again now to confirm it.
    async fn show_written(
        &self,
        lane: usize,
        change: impl FnOnce(&mut Vec<CalendarEvent>),
        now: DateTime<Utc>,
    ) {
        {
            let mut state = self.state.write().await;
            let name = self.setup.sources[lane].name().to_string();
            change(state.events.entry(name).or_default());
            self.rebuild_agenda(&mut state, now);
        }
        if let Some(plan) = self.plan.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            plan.read_soon(lane, now);
        }
    }

    /// What the screen's booking buttons are now.
    pub(super) fn booking_view(
        &self,
        agenda: &[AgendaEvent],
        now: DateTime<Utc>,
    ) -> Option<super::view::BookingView> {
        let meet_now = self
            .setup
            .zoom
            .as_ref()
            .is_some_and(|z| z.room_user.is_some());
        let writable = self.writable_source().is_ok();
        if !writable && !meet_now {
            return None;
        }
        let ledger = self.ledger().load();
        let writes_left = ledger.writes_left(now) as u32;
        let current =
            rules::current(agenda, now).filter(|e| self.source_named(&e.source).is_some());
        Some(super::view::BookingView {
            book: match writable {
                true => rules::book_options(agenda, now)
                    .into_iter()
                    .map(|minutes| super::view::BookChoice {
                        minutes,
                        until: rules::book_now_end(agenda, minutes, now)
                            .ok()
                            .filter(|end| {
                                *end < rules::minute_of(now)
                                    + chrono::Duration::minutes(minutes.into())
                            })
                            .map(|end| self.time_words(end)),
                    })
                    .collect(),
                false => Vec::new(),
            },
            current_key: current.map(|e| e.key.clone()).filter(|_| writable),
            extend_minutes: match (writable, current) {
                (true, Some(_)) => rules::extend_options(agenda, now),
                _ => Vec::new(),
            },
            can_end_early: writable && current.is_some(),
            meet_now,
            writes_left,
        })
    }

    /// The keys of the events showing Check in now.
    pub(super) fn check_in_keys(&self, agenda: &[AgendaEvent], now: DateTime<Utc>) -> Vec<String> {
        let Some(rule) = &self.setup.booking.check_in else {
            return Vec::new();
        };
        let ledger = self.ledger().load();
        agenda
            .iter()
            .filter(|e| self.releasable(e))
            .filter(|e| {
                rules::check_in_state(e, rule, ledger.is_checked_in(&e.key), now)
                    == CheckInState::Open
            })
            .map(|e| e.key.clone())
            .collect()
    }
}

/// Counts a person's write and how it ended.
async fn counted<T>(
    action: WriteAction,
    write: impl std::future::Future<Output = Result<T, BookingError>>,
) -> Result<T, BookingError> {
    let result = write.await;
    let how = match &result {
        Ok(_) => metrics::TapResult::Ok,
        Err(e) if e.is_refusal() => metrics::TapResult::Refused,
        Err(_) => metrics::TapResult::Error,
    };
    metrics::count_write(action, how);
    if let Err(e) = &result {
        tracing::warn!(action = action.as_str(), error = %e, "a calendar write was not made");
    }
    result
}

impl BookingError {
    /// The room's rules or the calendar's state said no; nothing is broken.
    fn is_refusal(&self) -> bool {
        !matches!(
            self,
            BookingError::Write(
                WriteError::Unreachable(_)
                    | WriteError::Status(_)
                    | WriteError::Token(_)
                    | WriteError::NotAllowed
            )
        )
    }
}

/// A walk-up as the room shows it before the calendar's read confirms it.
fn walk_up_event() -> CalendarEvent {
    CalendarEvent {
        uid: String::new(),
        title: String::new(),
        start: DateTime::<Utc>::MIN_UTC,
        end: DateTime::<Utc>::MIN_UTC,
        all_day: false,
        cancelled: false,
        private: false,
        recurring: false,
        location: String::new(),
        description: String::new(),
        description_html: String::new(),
        url: String::new(),
        organizer: String::new(),
        conference: Vec::new(),
        source: String::new(),
        etag: String::new(),
    }
}

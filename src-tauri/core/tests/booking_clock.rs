//! A room whose clock is off releases nothing: a computer 15 minutes fast
//! would otherwise release meetings five minutes before their real start.
//! Its own test binary: the clock's skew is one value per process.

mod common;

use chrono::Duration;
use roomstart_core::room::booking::{BookingSetup, CheckIn};
use roomstart_sim::{Faults, LinkStyle, CLIENT_SECRET};

#[tokio::test]
async fn no_booking_is_released_while_the_clock_is_off_from_the_vendors() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |setup| {
        setup.sources = vec![common::writable::source(
            &sim,
            common::writable::Vendor::Graph,
        )];
        setup.booking = BookingSetup {
            enabled: true,
            check_in: Some(CheckIn::default()),
            ledger_file: None,
        };
    });
    // Microsoft's clock says this computer is 15 minutes fast.
    sim.set_faults(Faults {
        date_offset: Some(Duration::minutes(-15)),
        ..Faults::default()
    });
    let later = common::now() + Duration::minutes(5);
    room.poll(later).await;
    assert!(
        sim.calendar_writes().is_empty(),
        "{:?}",
        sim.calendar_writes()
    );
    // The clocks agree again: the no-show is released at the next round.
    sim.set_faults(Faults::default());
    room.refresh(later).await;
    room.poll(later + Duration::minutes(1)).await;
    let writes = sim.calendar_writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0].kind, "decline");
}

//! One guard for every paged API (Zoom, Google, Graph): a vendor that sends
//! the same page again, or pages for ever, is stopped rather than followed.

use std::collections::HashSet;

/// More pages than any room's listing needs. Graph's delta paging has been
/// seen to hand out new links for ever.
pub const MAX_PAGES: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the same page was sent twice")]
    Repeated,
    #[error("still paging after {MAX_PAGES} pages; stopped")]
    TooMany,
}

/// The pages of one listing asked for so far, by their token or link.
#[derive(Default)]
pub struct PageGuard {
    followed: HashSet<String>,
}

impl PageGuard {
    /// Whether the next page, named by its token or link, may be asked for.
    pub fn follow(&mut self, next: &str) -> Result<(), Error> {
        // The first page has no name, so `followed` holds one fewer than asked.
        if self.followed.len() + 1 >= MAX_PAGES {
            return Err(Error::TooMany);
        }
        if !self.followed.insert(next.to_string()) {
            return Err(Error::Repeated);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_page_and_endless_paging_are_stopped() {
        let mut guard = PageGuard::default();
        assert_eq!(guard.follow("a"), Ok(()));
        assert_eq!(guard.follow("b"), Ok(()));
        assert_eq!(guard.follow("a"), Err(Error::Repeated));
        let mut endless = PageGuard::default();
        let followed = (0..1000)
            .take_while(|i| endless.follow(&i.to_string()).is_ok())
            .count();
        assert_eq!(
            followed + 1,
            MAX_PAGES,
            "the first page plus the followed ones"
        );
        assert_eq!(endless.follow("new"), Err(Error::TooMany));
    }
}

//! The process's memory allocator: the system's (glibc's malloc), with the
//! interior of every large block offered to the kernel for transparent huge
//! pages (`madvise(MADV_HUGEPAGE)`).
//!
//! Why: a fit of 100 000 areas touches about 180 MB of fresh memory (table
//! columns, design, QR, diagnostics, area rows), which the kernel faults in
//! one 4 KiB page at a time: 42 700 page faults and about half of the
//! process's system time. Where transparent huge pages are in `madvise`
//! mode (as on this project's machines), memory is backed by 2 MiB pages
//! only where a program asks for it; asked for, the same fit took 17 700
//! page faults, and whole runs were 13–20 % faster (BENCHMARKS.md:
//! `fit --json` at 100 000 and 1 000 000 rows, `validate` at 1 000 000).
//! In `always` mode the advice changes nothing, and in `never` mode the
//! kernel ignores it. glibc's own switch (`GLIBC_TUNABLES=
//! glibc.malloc.hugetlb=1`) advises the whole heap and removed more of the
//! faults, but it is read from the environment when the process starts.
//!
//! Only the 2 MiB-aligned interior of a block of at least [`MIN_BYTES`] is
//! advised, so no huge page reaches outside the block (a small allocation's
//! neighbours get no memory they did not ask for): peak RSS at 1 000 000
//! rows went from 952 to 959 MB. Advice splits a mapping where it starts
//! and ends; each advised piece is at least 2 MiB and advising it again adds
//! nothing, so a heap of 2.5 GB gains at most about 2 500 mappings (the
//! kernel allows 65 530). A failing `madvise` is ignored: it only
//! costs speed. Results never depend on it (the reports and `fit --json`
//! are byte for byte the same).

use std::alloc::{GlobalAlloc, Layout, System};

/// The size of a transparent huge page on x86-64 and most arm64 kernels.
const HUGE_PAGE: usize = 2 << 20;

/// Blocks from this size on are advised: the smallest size whose interior
/// always holds a whole aligned huge page.
pub const MIN_BYTES: usize = 2 * HUGE_PAGE;

/// The system allocator with large blocks advised for huge pages.
pub struct Allocator;

/// The whole huge pages inside the block at `addr` of `size` bytes, as
/// (start, length), or `None` when the block is below [`MIN_BYTES`].
pub fn interior(addr: usize, size: usize) -> Option<(usize, usize)> {
    if size < MIN_BYTES {
        return None;
    }
    let start = addr.checked_add(HUGE_PAGE - 1)? & !(HUGE_PAGE - 1);
    let end = addr.checked_add(size)? & !(HUGE_PAGE - 1);
    (end > start).then(|| (start, end - start))
}

fn advise(ptr: *mut u8, size: usize) {
    if ptr.is_null() {
        return;
    }
    if let Some((start, len)) = interior(ptr as usize, size) {
        // SAFETY: [start, start + len) lies inside the block the system
        // allocator has just handed out, which is mapped and ours; the
        // advice changes how the kernel backs it, not its contents.
        unsafe {
            libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
    }
}

// SAFETY: every call is passed to `System` unchanged; the advice only
// concerns pages inside the blocks it returns.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        advise(p, new_size);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1 << 20;

    #[test]
    fn only_whole_huge_pages_inside_the_block_are_advised() {
        // Below the minimum: nothing.
        assert_eq!(interior(0, MIN_BYTES - 1), None);
        // Aligned start, exactly two huge pages.
        assert_eq!(interior(4 * MB, 4 * MB), Some((4 * MB, 4 * MB)));
        // Unaligned start: from the next boundary to the last one inside.
        assert_eq!(interior(4 * MB + 16, 4 * MB), Some((6 * MB, 2 * MB)));
        assert_eq!(interior(3 * MB, 5 * MB), Some((4 * MB, 4 * MB)));
        // Never past the block's end, for any start.
        for off in (0..2 * MB).step_by(4096) {
            let (start, len) = interior(10 * MB + off, 4 * MB + 1).unwrap();
            assert!(start >= 10 * MB + off);
            assert!(start + len <= 10 * MB + off + 4 * MB + 1);
            assert_eq!(start % HUGE_PAGE, 0);
            assert_eq!(len % HUGE_PAGE, 0);
            assert!(len >= HUGE_PAGE);
        }
        // No overflow at the top of the address space.
        assert_eq!(interior(usize::MAX - MB, MIN_BYTES), None);
    }

    #[test]
    fn blocks_from_the_allocator_hold_what_is_written() {
        let a = Allocator;
        for size in [16, MIN_BYTES - 1, MIN_BYTES, 9 * MB + 123] {
            let layout = Layout::from_size_align(size, 64).unwrap();
            // SAFETY: a non-zero size; the block is freed with its layout.
            unsafe {
                let p = a.alloc_zeroed(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % 64, 0);
                assert!(std::slice::from_raw_parts(p, size).iter().all(|&b| b == 0));
                std::ptr::write_bytes(p, 0xAB, size);
                let q = a.realloc(p, layout, 2 * size);
                assert!(!q.is_null());
                assert!(std::slice::from_raw_parts(q, size)
                    .iter()
                    .all(|&b| b == 0xAB));
                a.dealloc(q, Layout::from_size_align(2 * size, 64).unwrap());
            }
        }
    }
}

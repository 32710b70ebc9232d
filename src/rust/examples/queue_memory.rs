//! Host bookkeeping per queued task, measured in the engine alone: the heap
//! that 1,000,000 queued tasks hold (glibc's `mallinfo2`, which also sees
//! NNG's message allocations) minus their payload bytes. Run by bench/bench.R.

use mirairs::dispatcher::{task_header, Dispatcher, Outbox};
use mirairs::transport::Frame;

struct Nowhere;

impl Outbox for Nowhere {
    fn send(&self, _daemon: u32, _frame: Frame) {}
}

fn heap_in_use() -> usize {
    // SAFETY: mallinfo2 only reads allocator statistics.
    unsafe { libc::mallinfo2().uordblks }
}

fn main() {
    const N: u64 = 1_000_000;
    // The size of `mirai(1)`'s serialized task list.
    let payload = vec![0u8; 80];
    let mut dispatcher = Dispatcher::new(Nowhere);
    let before = heap_in_use();
    let mut bytes = 0usize;
    for id in 1..=N {
        let frame = Frame::new(&task_header(id, false), &payload);
        bytes += frame.as_slice().len();
        dispatcher.submit(id, frame, None);
    }
    let held = heap_in_use() - before;
    println!("{}", (held - bytes) as f64 / N as f64);
}

//! A stable insertion sort for the few short lists the page orders (environments, plug-in steps,
//! solution component ids). The standard library's stable sort is fast on large inputs but adds
//! about 3.5 KB of wasm for every element type it sorts; these lists hold tens of items at most.

use std::cmp::Ordering;

/// Sorts `items` stably by `order`, in place. Quadratic, so only for short lists.
pub fn sort_by<T>(items: &mut [T], order: impl Fn(&T, &T) -> Ordering) {
    for next in 1..items.len() {
        let mut at = next;
        while at > 0 && order(&items[at - 1], &items[at]) == Ordering::Greater {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_orders_like_the_standard_stable_sort() {
        let mut pairs = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        let mut expected = pairs.clone();
        expected.sort_by_key(|p| p.0);
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, expected, "equal keys keep their order");
        let mut empty: Vec<u8> = vec![];
        sort_by(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }
}

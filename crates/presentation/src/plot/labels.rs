//! Greedy placement of point labels so that names of flagged areas stay readable.
//!
//! Labels are placed in priority order (most important first). For each label a
//! fixed list of candidate positions is tried: eight positions next to the point,
//! then the same directions farther out (drawn with a leader line). A candidate
//! is rejected when it leaves the plotting area or overlaps a label already
//! placed; among the rest the one covering the fewest data points wins, nearer
//! positions first. A label with no admissible position is skipped and counted,
//! so the chart can say how many names it left out. All arithmetic is on integer
//! pixels, so placement is deterministic.

/// An axis-aligned pixel rectangle, `x0 ≤ x1`, `y0 ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    pub fn contains_rect(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
    pub fn contains(&self, p: (i32, i32)) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }
    fn inflate(&self, d: i32) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }
}

/// One label to place: the point it names and the text's size in pixels.
#[derive(Debug, Clone, Copy)]
pub struct LabelRequest {
    pub point: (i32, i32),
    pub size: (i32, i32),
}

/// Where a label went: the text's top-left corner, its box, and whether a
/// leader line from the point to the box is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub top_left: (i32, i32),
    pub rect: Rect,
    pub leader: bool,
}

impl Placement {
    /// The point on the label box nearest to `p` (where a leader line ends).
    pub fn anchor_towards(&self, p: (i32, i32)) -> (i32, i32) {
        (
            p.0.clamp(self.rect.x0, self.rect.x1),
            p.1.clamp(self.rect.y0, self.rect.y1),
        )
    }
}

/// Place labels in the given order (callers sort by importance). `bounds` is
/// the plotting area; `points` are all data points (labels avoid covering
/// them where they can); `gap` is the distance between a point and its label.
pub fn place(
    requests: &[LabelRequest],
    bounds: Rect,
    points: &[(i32, i32)],
    obstacles: &[Rect],
    gap: i32,
) -> Vec<Option<Placement>> {
    let mut placed: Vec<Rect> = Vec::with_capacity(requests.len());
    let mut out = Vec::with_capacity(requests.len());
    // Directions: right, left, above, below, then the four diagonals.
    const DIRS: [(i32, i32); 8] = [
        (1, 0),
        (-1, 0),
        (0, -1),
        (0, 1),
        (1, -1),
        (-1, -1),
        (1, 1),
        (-1, 1),
    ];
    for req in requests {
        let (px, py) = req.point;
        let (w, h) = req.size;
        let mut best: Option<(i64, Placement)> = None;
        for (ring, dist) in [gap, gap + h + h / 2, gap + 3 * h].iter().enumerate() {
            for (k, (dx, dy)) in DIRS.iter().enumerate() {
                let x0 = match dx {
                    1 => px + dist,
                    -1 => px - dist - w,
                    _ => px - w / 2,
                };
                let y0 = match dy {
                    -1 => py - dist - h,
                    1 => py + dist,
                    _ => py - h / 2,
                };
                let rect = Rect {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                };
                if !bounds.contains_rect(&rect) {
                    continue;
                }
                let padded = rect.inflate(2);
                if placed.iter().any(|r| r.overlaps(&padded))
                    || obstacles.iter().any(|r| r.overlaps(&rect))
                {
                    continue;
                }
                let covered = points
                    .iter()
                    .filter(|&&p| p != req.point && rect.inflate(2).contains(p))
                    .count() as i64;
                let cost = covered * 40 + ring as i64 * 25 + k as i64;
                if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((
                        cost,
                        Placement {
                            top_left: (x0, y0),
                            rect,
                            leader: ring > 0,
                        },
                    ));
                }
            }
            // A collision-free spot next to the point that covers no other
            // point is as good as it gets.
            if matches!(best, Some((c, _)) if c < 40 && ring == 0) {
                break;
            }
        }
        match best {
            Some((_, p)) => {
                placed.push(p.rect);
                out.push(Some(p));
            }
            None => out.push(None),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Rect = Rect {
        x0: 0,
        y0: 0,
        x1: 400,
        y1: 300,
    };

    #[test]
    fn labels_never_overlap() {
        // Ten labels on the same spot: each placed label must be clear of the others.
        let reqs = vec![
            LabelRequest {
                point: (200, 150),
                size: (60, 12)
            };
            10
        ];
        let got = place(&reqs, B, &[], &[], 4);
        let rects: Vec<Rect> = got.iter().flatten().map(|p| p.rect).collect();
        assert!(rects.len() >= 8, "placed {}", rects.len());
        for i in 0..rects.len() {
            for j in 0..i {
                assert!(!rects[i].overlaps(&rects[j]), "{i} overlaps {j}");
            }
            assert!(B.contains_rect(&rects[i]));
        }
    }

    #[test]
    fn first_choice_is_right_of_the_point() {
        let got = place(
            &[LabelRequest {
                point: (100, 100),
                size: (50, 10),
            }],
            B,
            &[],
            &[],
            4,
        );
        let p = got[0].unwrap();
        assert_eq!(p.top_left, (104, 95));
        assert!(!p.leader);
    }

    #[test]
    fn label_at_the_right_edge_goes_left() {
        let got = place(
            &[LabelRequest {
                point: (395, 100),
                size: (50, 10),
            }],
            B,
            &[],
            &[],
            4,
        );
        assert!(got[0].unwrap().rect.x1 <= 395);
    }

    #[test]
    fn impossible_label_is_skipped() {
        let got = place(
            &[LabelRequest {
                point: (10, 10),
                size: (500, 10),
            }],
            B,
            &[],
            &[],
            4,
        );
        assert_eq!(got, vec![None]);
    }
}

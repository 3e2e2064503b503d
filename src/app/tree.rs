//! The structure tree as the screen shows it: nodes addressed by stable ids, children
//! loaded on first expansion, and a flat list of the visible rows kept up to date by
//! splicing (so a national database with millions of rows costs only what is open).
//! Every move says whether anything changed, so the caller redraws only when needed.

use std::collections::HashMap;

use super::component::Outcome;
use super::effect::TreeStep;
use super::keymap::KeyAction;
use crate::model::{Grade, Headcount, Nip, Position, PositionId, UnitId};
use crate::store::HeadSeat;

/// What a row points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    /// A unit.
    Unit(UnitId),
    /// A position.
    Position(PositionId),
    /// The holding list (belum ditempatkan): a row after the roots, the people without
    /// a position under it.
    Holding,
    /// A person on the holding list.
    Person(Nip),
}

/// What a row shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowInfo {
    /// A unit, with figures rolled up over its subtree.
    Unit {
        /// Code.
        code: String,
        /// Name.
        name: String,
        /// Head.
        head: HeadSeat,
        /// Kebutuhan and bezetting over the subtree.
        totals: Headcount,
        /// Whether it has sub-units or positions.
        expandable: bool,
    },
    /// A position, with its bezetting.
    Position {
        /// The position.
        position: Box<Position>,
        /// Bezetting.
        filled: u64,
    },
    /// The holding list, with how many are on it.
    Holding {
        /// People on it.
        count: u64,
    },
    /// A person on the holding list.
    Person {
        /// NIP.
        nip: Nip,
        /// Name.
        name: String,
        /// Grade.
        grade: Option<Grade>,
    },
}

impl RowInfo {
    /// The name shown.
    pub fn name(&self) -> &str {
        match self {
            RowInfo::Unit { name, .. } => name,
            RowInfo::Position { position, .. } => &position.name,
            RowInfo::Holding { .. } => crate::i18n::tr(crate::i18n::Msg::HoldingListTitle),
            RowInfo::Person { name, .. } => name,
        }
    }
}

/// Where the tree's rows come from (the store, or a fake in tests).
pub trait TreeSource {
    /// The root units.
    fn roots(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>>;
    /// The sub-units of a unit, then its positions.
    fn children(&self, unit: UnitId) -> anyhow::Result<Vec<(NodeId, RowInfo)>>;
    /// The units from the root down to the unit that holds `node` (for a unit, down to
    /// its parent).
    fn ancestors(&self, node: NodeId) -> anyhow::Result<Vec<UnitId>>;
    /// The people on the holding list.
    fn holding(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>>;
}

/// What the tree lacks to do what it was asked: rows not read yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    /// The root units.
    #[error("the root units are not read yet")]
    Roots,
    /// The rows under a unit.
    #[error("the rows under unit {} are not read yet", .0.0)]
    Children(UnitId),
    /// The units above a node.
    #[error("the units above a node are not read yet")]
    Ancestors(NodeId),
    /// The people on the holding list.
    #[error("the holding list is not read yet")]
    Holding,
}

/// Rows read for the tree by the effect loop. Asked for anything it does not hold, it
/// answers with what is [`Missing`], so the reducer can ask for that and try again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetched {
    /// The root units, if read.
    pub roots: Option<Vec<(NodeId, RowInfo)>>,
    /// The rows under units.
    pub children: HashMap<UnitId, Vec<(NodeId, RowInfo)>>,
    /// The units above nodes, root first.
    pub ancestors: HashMap<NodeId, Vec<UnitId>>,
    /// The people on the holding list, if read.
    pub holding: Option<Vec<(NodeId, RowInfo)>>,
}

impl TreeSource for Fetched {
    fn roots(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
        self.roots.clone().ok_or_else(|| Missing::Roots.into())
    }
    fn children(&self, unit: UnitId) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
        self.children.get(&unit).cloned().ok_or_else(|| Missing::Children(unit).into())
    }
    fn ancestors(&self, node: NodeId) -> anyhow::Result<Vec<UnitId>> {
        self.ancestors.get(&node).cloned().ok_or_else(|| Missing::Ancestors(node).into())
    }
    fn holding(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
        self.holding.clone().ok_or_else(|| Missing::Holding.into())
    }
}

#[derive(Debug)]
struct Node {
    info: RowInfo,
    depth: u16,
    parent: Option<UnitId>,
    /// `None` until loaded.
    children: Option<Vec<NodeId>>,
    expanded: bool,
}

/// A visible row, borrowed for drawing.
#[derive(Clone, Copy, Debug)]
pub struct RowView<'a> {
    /// Its id.
    pub id: NodeId,
    /// What it shows.
    pub info: &'a RowInfo,
    /// Indentation level (roots are 0).
    pub depth: u16,
    /// Whether it is open.
    pub expanded: bool,
}

/// Most nodes "expand all" opens at once, so a stray key on a national root cannot
/// load millions of rows.
pub const EXPAND_ALL_LIMIT: usize = 20_000;

/// The tree with its selection and scroll position.
#[derive(Debug, Default)]
pub struct TreeModel {
    nodes: HashMap<NodeId, Node>,
    /// The roots, as read.
    roots: Vec<NodeId>,
    visible: Vec<NodeId>,
    cursor: usize,
    offset: usize,
    /// Siblings listed the largest shortage first (else as read: by code).
    by_shortage: bool,
}

/// How short a row is, for ordering by shortage: kebutuhan less bezetting (the holding
/// list last).
fn shortage(info: &RowInfo) -> i64 {
    match info {
        RowInfo::Unit { totals, .. } => totals.needed as i64 - totals.filled as i64,
        RowInfo::Position { position, filled } => i64::from(position.spec.needed.unwrap_or(0)) - *filled as i64,
        RowInfo::Holding { .. } => i64::MIN,
        RowInfo::Person { .. } => 0,
    }
}

impl TreeModel {
    /// The tree's own keys: moving, folding and opening. `page` is the rows that fit on
    /// screen. A step that may need rows not read yet comes back as
    /// [`Outcome::Step`]; opening a position is [`Outcome::Take`] (the details pane takes
    /// the keyboard); a key that is not the tree's is [`Outcome::Ignored`].
    pub fn key(&mut self, key: KeyAction, page: usize) -> Outcome {
        use KeyAction as K;
        let page = page as isize;
        match key {
            K::MoveDown => _ = self.move_by(1),
            K::MoveUp => _ = self.move_by(-1),
            K::PageDown => _ = self.move_by(page),
            K::PageUp => _ = self.move_by(-page),
            K::HalfPageDown => _ = self.move_by(page / 2),
            K::HalfPageUp => _ = self.move_by(-page / 2),
            K::Top => _ = self.move_to(0),
            K::Bottom => _ = self.move_to(usize::MAX),
            K::Collapse => _ = self.left(),
            K::Expand => return Outcome::Step(TreeStep::Right),
            K::ExpandAll => {
                if let Some(id) = self.selected() {
                    return Outcome::Step(TreeStep::ExpandAll(id));
                }
            }
            K::CollapseAll => {
                if let Some(id) = self.selected() {
                    self.collapse_subtree(id);
                }
            }
            K::Open => match self.selected() {
                Some(id @ (NodeId::Unit(_) | NodeId::Holding)) => return Outcome::Step(TreeStep::Toggle(id)),
                Some(NodeId::Position(_) | NodeId::Person(_)) => return Outcome::Take,
                None => {}
            },
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}

impl TreeModel {
    /// Loads the roots.
    pub fn load(source: &dyn TreeSource) -> anyhow::Result<TreeModel> {
        let mut tree = TreeModel::default();
        for (id, info) in source.roots()? {
            tree.nodes.insert(id, Node { info, depth: 0, parent: None, children: None, expanded: false });
            tree.roots.push(id);
            tree.visible.push(id);
        }
        Ok(tree)
    }

    /// `ids` in the order shown: as read, or the largest shortage first.
    fn ordered(&self, ids: &[NodeId]) -> Vec<NodeId> {
        let mut out = ids.to_vec();
        if self.by_shortage {
            out.sort_by_key(|id| std::cmp::Reverse(self.nodes.get(id).map_or(0, |n| shortage(&n.info))));
        }
        out
    }

    /// Lists siblings the largest shortage first, or as read again; the selection stays.
    /// Returns whether they are now by shortage.
    pub fn toggle_order(&mut self) -> bool {
        self.by_shortage = !self.by_shortage;
        let selected = self.selected();
        let mut visible = Vec::new();
        for root in self.ordered(&self.roots) {
            visible.push(root);
            self.visible_descendants(root, &mut visible);
        }
        self.visible = visible;
        if let Some(s) = selected {
            self.select(s);
        }
        self.by_shortage
    }

    /// The unit above a loaded node.
    pub fn parent_of(&self, id: NodeId) -> Option<UnitId> {
        self.nodes.get(&id)?.parent
    }

    /// The units (and the holding list) open now, top to bottom (what
    /// [`TreeModel::reload`] opens again).
    pub fn open_nodes(&self) -> Vec<NodeId> {
        self.visible.iter().filter(|id| self.nodes[id].expanded).copied().collect()
    }

    /// Forgets everything loaded and loads the roots again, keeping what was open and
    /// selected where it still exists (after data changed), and the window where it was.
    /// A selection that is gone (removed, merged away) passes to its next sibling, else
    /// the one before, else its parent.
    pub fn reload(&mut self, source: &dyn TreeSource) -> anyhow::Result<()> {
        let selected = self.selected();
        let fallbacks = selected.map(|id| self.neighbours(id)).unwrap_or_default();
        let (offset, by_shortage) = (self.offset, self.by_shortage);
        let open: Vec<NodeId> = self.visible.iter().copied().filter(|id| self.nodes[id].expanded).collect();
        *self = TreeModel::load(source)?;
        if by_shortage {
            self.toggle_order();
        }
        for id in open {
            if self.nodes.contains_key(&id) {
                self.expand(source, id)?;
            }
        }
        if let Some(id) = selected {
            let _ = self.select(id) || fallbacks.into_iter().any(|f| self.select(f));
        }
        self.offset = offset.min(self.visible.len().saturating_sub(1));
        Ok(())
    }

    /// Where the selection goes should `id` disappear: its next sibling, the one
    /// before it, its parent.
    fn neighbours(&self, id: NodeId) -> Vec<NodeId> {
        let parent = self.parent_of(id);
        let above = match (parent, id) {
            (Some(p), _) => self.nodes.get(&NodeId::Unit(p)),
            (None, NodeId::Person(_)) => self.nodes.get(&NodeId::Holding),
            (None, _) => None,
        };
        let siblings: Vec<NodeId> = match above {
            Some(p) => p.children.clone().unwrap_or_default(),
            None => self.visible.iter().copied().filter(|v| self.nodes[v].depth == 0).collect(),
        };
        let at = siblings.iter().position(|s| *s == id);
        let mut out = Vec::new();
        if let Some(at) = at {
            out.extend(siblings.get(at + 1).copied());
            out.extend(at.checked_sub(1).and_then(|b| siblings.get(b)).copied());
        }
        out.extend(parent.map(NodeId::Unit));
        if let NodeId::Person(_) = id {
            // The last one placed: the list is gone, the row before it stays.
            out.push(NodeId::Holding);
        }
        out
    }

    /// Scrolls so that the selection stands a third of the way down a window of
    /// `height` rows (after a jump: what lies below it shows too).
    pub fn place_cursor(&mut self, height: usize) {
        let height = height.max(1);
        let max_offset = self.visible.len().saturating_sub(height);
        self.offset = self.cursor.saturating_sub(height / 3).min(max_offset);
    }

    /// The visible rows, top to bottom.
    pub fn visible(&self) -> &[NodeId] {
        &self.visible
    }

    /// How many rows are visible.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// The row at a visible index.
    pub fn row(&self, index: usize) -> Option<RowView<'_>> {
        let id = *self.visible.get(index)?;
        let node = &self.nodes[&id];
        Some(RowView { id, info: &node.info, depth: node.depth, expanded: node.expanded })
    }

    /// A loaded node's row data.
    pub fn info(&self, id: NodeId) -> Option<&RowInfo> {
        self.nodes.get(&id).map(|n| &n.info)
    }

    /// The selected node.
    pub fn selected(&self) -> Option<NodeId> {
        self.visible.get(self.cursor).copied()
    }

    /// The selected visible index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The first visible index drawn.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Moves the selection to visible index `index` (clamped).
    pub fn move_to(&mut self, index: usize) -> bool {
        let target = index.min(self.visible.len().saturating_sub(1));
        let changed = target != self.cursor;
        self.cursor = target;
        changed
    }

    /// Moves the selection by `delta` rows.
    pub fn move_by(&mut self, delta: isize) -> bool {
        let target = (self.cursor as isize + delta).max(0) as usize;
        self.move_to(target)
    }

    /// Selects a loaded, visible node.
    pub fn select(&mut self, id: NodeId) -> bool {
        match self.visible.iter().position(|v| *v == id) {
            Some(i) => self.move_to(i),
            None => false,
        }
    }

    /// Keeps the selection within a window of `height` rows, returning the offset.
    pub fn scroll_to_cursor(&mut self, height: usize) -> usize {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(1));
        self.offset
    }

    /// Scrolls the window by `delta` rows without moving past the ends; the selection
    /// follows when it would leave the window.
    pub fn scroll_by(&mut self, delta: isize, height: usize) -> bool {
        let max_offset = self.visible.len().saturating_sub(height.max(1));
        let offset = ((self.offset as isize + delta).max(0) as usize).min(max_offset);
        let changed = offset != self.offset;
        self.offset = offset;
        if self.cursor < offset {
            self.cursor = offset;
        } else if self.cursor >= offset + height {
            self.cursor = offset + height.max(1) - 1;
        }
        changed
    }

    fn load_children(&mut self, source: &dyn TreeSource, id: NodeId) -> anyhow::Result<()> {
        let (rows, parent) = match id {
            NodeId::Unit(unit) if self.nodes[&id].children.is_none() => (source.children(unit)?, Some(unit)),
            NodeId::Holding if self.nodes[&id].children.is_none() => (source.holding()?, None),
            _ => return Ok(()),
        };
        let depth = self.nodes[&id].depth + 1;
        let mut ids = Vec::new();
        for (child, info) in rows {
            ids.push(child);
            self.nodes.insert(child, Node { info, depth, parent, children: None, expanded: false });
        }
        self.nodes.get_mut(&id).expect("loaded").children = Some(ids);
        Ok(())
    }

    /// The visible rows under an expanded node, in order.
    fn visible_descendants(&self, id: NodeId, out: &mut Vec<NodeId>) {
        let node = &self.nodes[&id];
        if !node.expanded {
            return;
        }
        for child in self.ordered(node.children.as_deref().unwrap_or_default()) {
            out.push(child);
            self.visible_descendants(child, out);
        }
    }

    /// Opens a unit (or the holding list), loading its children the first time.
    /// Positions and people do not open.
    pub fn expand(&mut self, source: &dyn TreeSource, id: NodeId) -> anyhow::Result<bool> {
        if !matches!(id, NodeId::Unit(_) | NodeId::Holding) || self.nodes.get(&id).is_none_or(|n| n.expanded) {
            return Ok(false);
        }
        self.load_children(source, id)?;
        let selected = self.selected();
        self.nodes.get_mut(&id).expect("loaded").expanded = true;
        if let Some(at) = self.visible.iter().position(|v| *v == id) {
            let mut rows = Vec::new();
            self.visible_descendants(id, &mut rows);
            let changed = !rows.is_empty();
            self.visible.splice(at + 1..at + 1, rows);
            if let Some(s) = selected {
                self.select(s);
            }
            return Ok(changed);
        }
        Ok(true)
    }

    /// Closes a unit; a selection inside it moves to the unit.
    pub fn collapse(&mut self, id: NodeId) -> bool {
        if self.nodes.get(&id).is_none_or(|n| !n.expanded) {
            return false;
        }
        let selected = self.selected();
        let mut rows = Vec::new();
        self.visible_descendants(id, &mut rows);
        self.nodes.get_mut(&id).expect("loaded").expanded = false;
        if let Some(at) = self.visible.iter().position(|v| *v == id) {
            self.visible.drain(at + 1..at + 1 + rows.len());
            let inside = selected.is_some_and(|s| rows.contains(&s));
            if inside {
                self.select(id);
            } else if let Some(s) = selected {
                self.select(s);
            }
        }
        true
    }

    /// Opens a unit and every unit below it, up to [`EXPAND_ALL_LIMIT`] nodes.
    pub fn expand_subtree(&mut self, source: &dyn TreeSource, id: NodeId) -> anyhow::Result<bool> {
        let mut changed = false;
        let mut stack = vec![id];
        let mut opened = 0;
        while let Some(n) = stack.pop() {
            if opened >= EXPAND_ALL_LIMIT {
                break;
            }
            changed |= self.expand(source, n)?;
            opened += 1;
            if let Some(kids) = self.nodes.get(&n).and_then(|x| x.children.clone()) {
                stack.extend(kids.into_iter().rev().filter(|k| matches!(k, NodeId::Unit(_))));
            }
        }
        Ok(changed)
    }

    /// Closes a unit and every open unit below it.
    pub fn collapse_subtree(&mut self, id: NodeId) -> bool {
        let mut below = Vec::new();
        self.visible_descendants(id, &mut below);
        let changed = self.collapse(id);
        for n in below {
            if let Some(node) = self.nodes.get_mut(&n) {
                node.expanded = false;
            }
        }
        changed
    }

    /// `h` / left: close the selected unit, or go to its parent.
    pub fn left(&mut self) -> bool {
        let Some(id) = self.selected() else { return false };
        if self.nodes[&id].expanded {
            return self.collapse(id);
        }
        match (self.nodes[&id].parent, id) {
            (Some(p), _) => self.select(NodeId::Unit(p)),
            (None, NodeId::Person(_)) => self.select(NodeId::Holding),
            (None, _) => false,
        }
    }

    /// `l` / right: open the selected unit, or go to its first child.
    pub fn right(&mut self, source: &dyn TreeSource) -> anyhow::Result<bool> {
        let Some(id) = self.selected() else { return Ok(false) };
        if !self.nodes[&id].expanded {
            return self.expand(source, id);
        }
        match self.nodes[&id].children.as_ref().and_then(|c| c.first()).copied() {
            Some(first) => Ok(self.select(first)),
            None => Ok(false),
        }
    }

    /// Opens the ancestors of `id` (loading them as needed) and selects it. The
    /// ancestors of a node already loaded are its parents here; only those of another
    /// are asked of `source`.
    pub fn reveal(&mut self, source: &dyn TreeSource, id: NodeId) -> anyhow::Result<bool> {
        if let NodeId::Person(_) = id {
            // Under the holding list, which is a root.
            self.expand(source, NodeId::Holding)?;
            return Ok(self.select(id));
        }
        let ancestors = match self.nodes.get(&id) {
            Some(node) => {
                let mut chain = Vec::new();
                let mut at = node.parent;
                while let Some(u) = at {
                    chain.push(u);
                    at = self.nodes.get(&NodeId::Unit(u)).and_then(|n| n.parent);
                }
                chain.reverse();
                chain
            }
            None => source.ancestors(id)?,
        };
        for unit in ancestors {
            self.expand(source, NodeId::Unit(unit))?;
        }
        Ok(self.select(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PositionSpec;

    /// A fake source: units 1 (root) > 2 > 3, unit 1 also holds position 10;
    /// unit 4 is a second root with nothing below.
    struct Fake;

    fn unit(id: u32) -> (NodeId, RowInfo) {
        (
            NodeId::Unit(UnitId(id)),
            RowInfo::Unit {
                code: format!("U{id}"),
                name: format!("Unit {id}"),
                head: HeadSeat::Vacant,
                totals: Headcount::default(),
                expandable: id != 4 && id != 3,
            },
        )
    }

    fn position(id: u32) -> (NodeId, RowInfo) {
        (
            NodeId::Position(PositionId(id)),
            RowInfo::Position {
                position: Box::new(Position {
                    id: PositionId(id),
                    code: format!("P{id}"),
                    unit: UnitId(1),
                    name: format!("Position {id}"),
                    spec: PositionSpec::pelaksana(Some(1)),
                }),
                filled: 0,
            },
        )
    }

    impl TreeSource for Fake {
        fn roots(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
            Ok(vec![unit(1), unit(4)])
        }
        fn children(&self, u: UnitId) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
            Ok(match u.0 {
                1 => vec![unit(2), position(10)],
                2 => vec![unit(3)],
                _ => vec![],
            })
        }
        fn ancestors(&self, node: NodeId) -> anyhow::Result<Vec<UnitId>> {
            Ok(match node {
                NodeId::Unit(UnitId(3)) => vec![UnitId(1), UnitId(2)],
                NodeId::Unit(UnitId(2)) | NodeId::Position(_) => vec![UnitId(1)],
                _ => vec![],
            })
        }
        fn holding(&self) -> anyhow::Result<Vec<(NodeId, RowInfo)>> {
            Ok(Vec::new())
        }
    }

    fn names(t: &TreeModel) -> Vec<String> {
        (0..t.len()).map(|i| t.row(i).unwrap().info.name().to_string()).collect()
    }

    #[test]
    fn expanding_loads_children_after_sub_units_and_collapsing_hides_them() {
        let mut t = TreeModel::load(&Fake).unwrap();
        assert_eq!(names(&t), ["Unit 1", "Unit 4"]);
        assert!(t.right(&Fake).unwrap());
        assert_eq!(names(&t), ["Unit 1", "Unit 2", "Position 10", "Unit 4"]);
        assert!(!t.expand(&Fake, NodeId::Unit(UnitId(1))).unwrap(), "already open: nothing changes");
        assert!(t.move_by(1));
        assert_eq!(t.selected(), Some(NodeId::Unit(UnitId(2))));
        assert!(t.left(), "closed unit 2 has a parent to go to");
        assert_eq!(t.selected(), Some(NodeId::Unit(UnitId(1))));
        assert!(t.left());
        assert_eq!(names(&t), ["Unit 1", "Unit 4"]);
        assert!(!t.left(), "a closed root has nowhere to go");
    }

    #[test]
    fn moves_report_change_and_clamp_at_the_ends() {
        let mut t = TreeModel::load(&Fake).unwrap();
        assert!(!t.move_by(-1));
        assert!(t.move_by(5));
        assert_eq!(t.cursor(), 1);
        assert!(!t.move_by(1));
        assert!(t.move_to(0));
        assert!(!t.move_to(0));
    }

    #[test]
    fn collapsing_moves_a_selection_inside_up_to_the_unit() {
        let mut t = TreeModel::load(&Fake).unwrap();
        t.expand_subtree(&Fake, NodeId::Unit(UnitId(1))).unwrap();
        assert_eq!(names(&t), ["Unit 1", "Unit 2", "Unit 3", "Position 10", "Unit 4"]);
        t.select(NodeId::Unit(UnitId(3)));
        assert!(t.collapse_subtree(NodeId::Unit(UnitId(1))));
        assert_eq!(t.selected(), Some(NodeId::Unit(UnitId(1))));
        t.expand(&Fake, NodeId::Unit(UnitId(1))).unwrap();
        assert_eq!(names(&t), ["Unit 1", "Unit 2", "Position 10", "Unit 4"], "sub-units closed too");
    }

    #[test]
    fn reveal_opens_the_ancestors_and_selects_by_id() {
        let mut t = TreeModel::load(&Fake).unwrap();
        assert!(t.reveal(&Fake, NodeId::Unit(UnitId(3))).unwrap());
        assert_eq!(t.selected(), Some(NodeId::Unit(UnitId(3))));
        assert_eq!(t.row(t.cursor()).unwrap().depth, 2);
        assert!(t.reveal(&Fake, NodeId::Position(PositionId(10))).unwrap());
        assert_eq!(t.selected(), Some(NodeId::Position(PositionId(10))));
    }

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        let mut t = TreeModel::load(&Fake).unwrap();
        t.expand_subtree(&Fake, NodeId::Unit(UnitId(1))).unwrap();
        t.move_to(4);
        assert_eq!(t.scroll_to_cursor(2), 3);
        t.move_to(0);
        assert_eq!(t.scroll_to_cursor(2), 0);
        assert!(t.scroll_by(10, 2));
        assert_eq!((t.offset(), t.cursor()), (3, 3));
    }
}

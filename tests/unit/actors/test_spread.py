"""actors.spread: each new ScraperActor goes to the next live node (Ray's SPREAD packed a pool onto
one node in about half the multi-node test's runs)."""

from __future__ import annotations

from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from actors.spread import NodeTurns, node_in_turn

N1, N2, N3 = ("1" * 56, "2" * 56, "3" * 56)  # node ids are 28 bytes of hex


def test_the_live_nodes_in_turn_in_id_order() -> None:
    nodes = ["c", "a", "b"]
    assert [node_in_turn(turn, nodes) for turn in range(5)] == ["a", "b", "c", "a", "b"]


def test_one_node_or_none_leaves_the_choice_to_ray() -> None:
    assert node_in_turn(0, ["a"]) is None
    assert node_in_turn(3, []) is None
    assert NodeTurns(lambda: ["only"]).options() == {}


def test_a_pool_of_three_is_pinned_to_three_nodes() -> None:
    turns = NodeTurns(lambda: [N2, N1, N3])
    picked = [turns.options()["scheduling_strategy"] for _ in range(3)]
    # pinned: with a soft affinity Ray placed two of three on one node
    assert all(isinstance(s, NodeAffinitySchedulingStrategy) and not s.soft for s in picked)
    assert [s.node_id for s in picked] == [N1, N2, N3]


def test_a_replacement_after_a_node_is_gone_goes_to_a_live_one() -> None:
    live = [N1, N2, N3]
    turns = NodeTurns(lambda: live)
    first = [turns.options()["scheduling_strategy"].node_id for _ in range(3)]
    live = [N1, N3]  # N2 removed mid-run
    replacement = turns.options()["scheduling_strategy"].node_id
    assert first == [N1, N2, N3] and replacement in {N1, N3}

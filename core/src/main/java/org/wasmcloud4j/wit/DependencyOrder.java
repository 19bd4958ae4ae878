package org.wasmcloud4j.wit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Depth-first walks of the graphs WIT names form (types naming types, interfaces using interfaces, worlds including
 * worlds) with an explicit stack, so that a chain of any length needs no more Java stack than a short one. Each node
 * is expanded once, so a walk is linear in the nodes and edges it reaches.
 */
final class DependencyOrder {
    private DependencyOrder() {}

    /** An edge to {@code target}, written at {@code pos}. */
    record Edge<N>(N target, Pos pos) {}

    /** Reports a cycle: the edge that closes it and the path of nodes being built, the oldest first. */
    interface CycleError<N> {
        WitException at(Edge<N> closing, List<N> path);
    }

    private static final class Frame<N> {
        final N node;
        List<Edge<N>> edges;
        int next;

        Frame(N node) {
            this.node = node;
        }
    }

    /**
     * Builds {@code root} after everything it depends on: {@code build} runs once for each node reached that is not
     * yet {@code done}, each after the nodes its {@code edges} lead to; {@code build(n)} must make {@code done(n)}
     * hold.
     *
     * @throws WitException from {@code cycle} when a node depends on itself
     */
    static <N> void build(N root, Function<N, List<Edge<N>>> edges, Predicate<N> done, Consumer<N> build,
            CycleError<N> cycle) {
        if (done.test(root)) {
            return;
        }
        Deque<Frame<N>> stack = new ArrayDeque<>();
        Set<N> onStack = new LinkedHashSet<>();
        stack.push(new Frame<>(root));
        onStack.add(root);
        while (!stack.isEmpty()) {
            Frame<N> f = stack.peek();
            if (f.edges == null) {
                f.edges = edges.apply(f.node);
            }
            if (f.next < f.edges.size()) {
                Edge<N> e = f.edges.get(f.next++);
                if (done.test(e.target())) {
                    continue;
                }
                if (onStack.contains(e.target())) {
                    throw cycle.at(e, new ArrayList<>(onStack));
                }
                stack.push(new Frame<>(e.target()));
                onStack.add(e.target());
                continue;
            }
            stack.pop();
            onStack.remove(f.node);
            build.accept(f.node);
        }
    }

    /**
     * Visits every node reachable from {@code roots} (the roots too) that is not in {@code seen}, each after the
     * nodes it leads to, in the order of {@code children}; adds each to {@code seen}. The graph must be acyclic.
     */
    static <N> void postOrder(Collection<N> roots, Function<N, Collection<N>> children, Set<N> seen,
            Consumer<N> visit) {
        Deque<N> nodes = new ArrayDeque<>();
        Deque<Iterator<N>> pending = new ArrayDeque<>();
        Iterator<N> current = roots.iterator();
        while (true) {
            if (current.hasNext()) {
                N n = current.next();
                if (seen.add(n)) {
                    pending.push(current);
                    nodes.push(n);
                    current = children.apply(n).iterator();
                }
            } else if (nodes.isEmpty()) {
                return;
            } else {
                visit.accept(nodes.pop());
                current = pending.pop();
            }
        }
    }

    /** A path for a message: its names joined by {@code " -> "}, the middle left out when it is long. */
    static String describe(List<String> path) {
        int max = 8;
        if (path.size() <= max) {
            return String.join(" -> ", path);
        }
        return String.join(" -> ", path.subList(0, max / 2)) + " -> ... (" + (path.size() - max) + " more) -> "
                + String.join(" -> ", path.subList(path.size() - max / 2, path.size()));
    }
}

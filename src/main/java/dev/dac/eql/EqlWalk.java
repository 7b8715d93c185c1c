package dev.dac.eql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Visits the expressions of a query: conditions, join keys and pipe arguments, each node and all inside it. */
public final class EqlWalk {

    private EqlWalk() {}

    /** Every expression node of the statement, outermost first, in the order written. */
    public static void expressions(EqlNode.Statement statement, Consumer<EqlNode.Expr> visitor) {
        for (EqlNode.Expr root : roots(statement)) {
            expressions(root, visitor);
        }
    }

    /** {@code expr} and every expression inside it, outermost first. */
    public static void expressions(EqlNode.Expr expr, Consumer<EqlNode.Expr> visitor) {
        visitor.accept(expr);
        for (EqlNode.Expr child : children(expr)) {
            expressions(child, visitor);
        }
    }

    /** The fields the statement reads, in the order written (a field read twice appears twice). */
    public static List<EqlNode.Field> fields(EqlNode.Statement statement) {
        List<EqlNode.Field> fields = new ArrayList<>();
        expressions(statement, e -> {
            if (e instanceof EqlNode.Field f) {
                fields.add(f);
            }
        });
        return fields;
    }

    /** The statement's top-level expressions: each filter's condition, the join keys, the pipe arguments. */
    public static List<EqlNode.Expr> roots(EqlNode.Statement statement) {
        List<EqlNode.Expr> roots = new ArrayList<>();
        EqlNode.Query query = statement.query();
        if (query instanceof EqlNode.EventQuery event) {
            roots.add(event.filter().condition());
        } else if (query instanceof EqlNode.Sequence sequence) {
            roots.addAll(sequence.by());
            sequence.steps().forEach(s -> addStep(s, roots));
            if (sequence.until() != null) {
                addStep(sequence.until(), roots);
            }
        } else if (query instanceof EqlNode.Sample sample) {
            roots.addAll(sample.by());
            sample.steps().forEach(s -> addStep(s, roots));
        }
        statement.pipes().forEach(p -> roots.addAll(p.arguments()));
        return roots;
    }

    private static void addStep(EqlNode.Step step, List<EqlNode.Expr> roots) {
        roots.add(step.filter().condition());
        roots.addAll(step.by());
    }

    static List<EqlNode.Expr> children(EqlNode.Expr expr) {
        if (expr instanceof EqlNode.And and) {
            return and.children();
        }
        if (expr instanceof EqlNode.Or or) {
            return or.children();
        }
        if (expr instanceof EqlNode.Not not) {
            return List.of(not.child());
        }
        if (expr instanceof EqlNode.Comparison c) {
            return List.of(c.left(), c.right());
        }
        if (expr instanceof EqlNode.InList in) {
            List<EqlNode.Expr> all = new ArrayList<>(List.of(in.value()));
            all.addAll(in.candidates());
            return all;
        }
        if (expr instanceof EqlNode.Match match) {
            List<EqlNode.Expr> all = new ArrayList<>(List.of(match.value()));
            all.addAll(match.patterns());
            return all;
        }
        if (expr instanceof EqlNode.Arithmetic a) {
            return List.of(a.left(), a.right());
        }
        if (expr instanceof EqlNode.Negate n) {
            return List.of(n.operand());
        }
        if (expr instanceof EqlNode.Call call) {
            return call.arguments();
        }
        return List.of();
    }
}

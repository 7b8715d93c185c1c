/**
 * EQL, the event query language of Elasticsearch, beside {@code dev.dac.kql} with the same shape: a parser to a tree
 * with positions, a translation to Query DSL, a field check.
 *
 * <p>The tree ({@link dev.dac.eql.EqlNode}): {@code EqlParser.parse(text)} returns a {@code Statement}, which holds
 * one {@code Query} and its {@code Pipe}s. A query is an {@code EventQuery} (one {@code EventFilter}: a category, or
 * null for {@code any}, and a condition), a {@code Sequence} ({@code by} keys, an optional {@code MaxSpan}, two or
 * more {@code Step}s and an optional {@code until} step) or a {@code Sample} ({@code by} keys and steps). A
 * {@code Step} is an event filter with its own {@code by} keys, {@code runs} (1 unless {@code with runs=N}) and
 * {@code missing} for {@code ![...]}. Conditions are {@code Expr}s: {@code And}, {@code Or}, {@code Not},
 * {@code Comparison}, {@code InList} ({@code in}, {@code not in}, {@code in~}), {@code Match} ({@code :},
 * {@code like}, {@code like~}, {@code regex}, {@code regex~} against constant patterns), {@code Arithmetic},
 * {@code Negate}, {@code Call} (an {@link dev.dac.eql.EqlFunction}, {@code ~} form flagged), {@code Field}
 * ({@code ?field} flagged optional) and the {@code Literal}s (string, number, boolean, null). Every node carries its
 * {@code Span} in the query text (1-based line and column), for findings. A query Elasticsearch would refuse raises
 * {@link dev.dac.eql.EqlSyntaxException} with the line and column.
 */
package dev.dac.eql;

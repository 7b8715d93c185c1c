package dev.dac.kql;

import java.util.List;

/** The generated KQL queries of the differential test, for the benchmarks. */
public final class BenchAccess {

    private BenchAccess() {}

    public static List<String> queries(int count) {
        return CloudTrailCorpus.queries(count, 11L);
    }
}

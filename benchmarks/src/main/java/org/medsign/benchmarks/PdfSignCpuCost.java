package org.medsign.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * PdfSignBenchmark's operations on a shared, busy machine: JMH runs one benchmark after the other, so when other
 * processes come and go the raw baseline and the PDF signature are measured under different loads. This driver
 * runs the same methods <em>interleaved</em> (round after round, each operation for a slice) and counts the
 * benchmark thread's own CPU time, then prints operations per CPU-second (median of the rounds) and the ratio to
 * raw CMS signing. Manual: {@code java -cp medsign-benchmarks.jar org.medsign.benchmarks.PdfSignCpuCost [rounds]}.
 */
public final class PdfSignCpuCost {

    private static final long SLICE_NANOS = 500_000_000L;

    private PdfSignCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pages : new int[] {1, 50}) {
            PdfSignBenchmark.Report report = new PdfSignBenchmark.Report();
            report.pages = pages;
            report.setUp();
            PdfSignBenchmark benchmark = new PdfSignBenchmark();
            benchmark.setUp(report);
            PdfSignBenchmark.Placement page = placement("page");
            PdfSignBenchmark.Placement keyword = placement("keyword");
            Map<String, Callable<Object>> operations = new LinkedHashMap<>();
            operations.put("rawBouncyCastle", () -> benchmark.rawBouncyCastle(report));
            operations.put("medsignCms", () -> benchmark.medsignCms(report));
            operations.put("medsign page", () -> benchmark.medsign(report, page));
            operations.put("medsign keyword", () -> benchmark.medsign(report, keyword));
            operations.put("rawBouncyCastleTimestamped", () -> benchmark.rawBouncyCastleTimestamped(report));
            operations.put("medsignTimestamped page", () -> benchmark.medsignTimestamped(report, page));
            operations.put("medsignTimestamped keyword", () -> benchmark.medsignTimestamped(report, keyword));
            operations.put("rawBouncyCastleVerify", () -> benchmark.rawBouncyCastleVerify(report));
            operations.put("medsignVerify", () -> benchmark.medsignVerify(report));
            operations.put("pdfboxLoad", () -> benchmark.pdfboxLoad(report));
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                for (Map.Entry<String, Callable<Object>> operation : operations.entrySet()) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long count = 0;
                    long cpu;
                    do {
                        operation.getValue().call();
                        count++;
                        cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                    } while (cpu < SLICE_NANOS);
                    if (round >= 0) {
                        rates.computeIfAbsent(operation.getKey(), k -> new ArrayList<>()).add(count * 1e9 / cpu);
                    }
                }
            }
            double raw = median(rates.get("rawBouncyCastle"));
            double rawTimestamped = median(rates.get("rawBouncyCastleTimestamped"));
            double rawVerify = median(rates.get("rawBouncyCastleVerify"));
            System.out.printf(Locale.ROOT, "%n%d page(s), %d rounds, ops per CPU-second (median), ratio to the raw "
                    + "baseline of its kind:%n", pages, rounds);
            for (Map.Entry<String, List<Double>> rate : rates.entrySet()) {
                String name = rate.getKey();
                double baseline = name.contains("Verify") ? rawVerify
                        : name.contains("Timestamped") ? rawTimestamped : raw;
                double median = median(rate.getValue());
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f %% |%n", name, median, 100 * median / baseline);
            }
        }
    }

    private static PdfSignBenchmark.Placement placement(String kind) {
        PdfSignBenchmark.Placement placement = new PdfSignBenchmark.Placement();
        placement.placement = kind;
        return placement;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

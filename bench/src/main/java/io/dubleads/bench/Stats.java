package io.dubleads.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The little statistics the benchmarks report: medians, nearest-rank percentiles, and percentile
 * bootstrap 95% confidence intervals (fixed seed, so a rerun on the same numbers prints the same).
 */
final class Stats {
    static final int RESAMPLES = 10_000;

    private Stats() {}

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** @return the nearest-rank {@code p}-th percentile (0 < p ≤ 100) of sorted values */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return {lower, upper}: bootstrap 95% interval of the median of {@code xs} */
    static double[] medianCi(double[] xs) {
        SplittableRandom random = new SplittableRandom(42);
        double[] medians = new double[RESAMPLES];
        double[] sample = new double[xs.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < xs.length; i++) sample[i] = xs[random.nextInt(xs.length)];
            medians[r] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (RESAMPLES * 0.025)], medians[(int) (RESAMPLES * 0.975) - 1]};
    }

    /**
     * @return {lower, upper}: bootstrap 95% interval of {@code percentile(b, p) - percentile(a, p)},
     *         resampling each set independently ({@code resamples} times)
     */
    static double[] percentileDiffCi(long[] a, long[] b, double p, int resamples) {
        SplittableRandom random = new SplittableRandom(42);
        double[] diffs = new double[resamples];
        long[] sa = new long[a.length];
        long[] sb = new long[b.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < a.length; i++) sa[i] = a[random.nextInt(a.length)];
            for (int i = 0; i < b.length; i++) sb[i] = b[random.nextInt(b.length)];
            Arrays.sort(sa);
            Arrays.sort(sb);
            diffs[r] = percentile(sb, p) - percentile(sa, p);
        }
        Arrays.sort(diffs);
        return new double[] {diffs[(int) (resamples * 0.025)], diffs[(int) (resamples * 0.975) - 1]};
    }
}

/*
 * The speed floor for `eegscope bandpower`: a plain single-threaded C program over FFTW that
 * streams a 16-bit EDF/EDF+ file (a few records at a time) through Welch's method (periodic
 * Hann segments of 2 s, 50 % overlap, constant detrend, mean of one-sided density
 * periodograms, as scipy.signal.welch) and integrates five bands with Simpson's rule
 * (scipy.integrate.simpson, including its correction for an even number of points).
 *
 *   gcc -O2 -o floor Benchmarks/Scripts/floor.c -lfftw3 -lm
 *   ./floor FILE.edf [--measure]     # CSV: channel,band,absolute,relative
 *
 * Assumes what the benchmark input has: every data channel at the same rate and an integer
 * number of samples per segment. Only sanity checks, no error recovery: it is a yardstick.
 */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long field(const char *header, int offset, int width) {
    char text[96];
    memcpy(text, header + offset, width);
    text[width] = 0;
    return strtol(text, NULL, 10);
}

static double real_field(const char *header, int offset, int width) {
    char text[96];
    memcpy(text, header + offset, width);
    text[width] = 0;
    return strtod(text, NULL);
}

static double simpson(const double *y, int count, double dx) {
    if (count < 2) return 0;
    if (count == 2) return 0.5 * dx * (y[0] + y[1]);
    double sum = 0;
    for (int pair = 0; pair < (count - 1) / 2; pair++)
        sum += y[2 * pair] + 4 * y[2 * pair + 1] + y[2 * pair + 2];
    double result = dx / 3 * sum;
    if (count % 2 == 0) {
        int last = count - 1;
        result += 5 * dx / 12 * y[last] + 2 * dx / 3 * y[last - 1] - dx / 12 * y[last - 2];
    }
    return result;
}

static double band(const double *psd, int bins, double df, double low, double high) {
    int first = -1, last = -1;
    for (int k = 0; k < bins; k++) {
        double f = k * df;
        if (f >= low && first < 0) first = k;
        if (f <= high) last = k;
    }
    return simpson(psd + first, last - first + 1, df);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: floor FILE.edf [--measure]\n");
        return 2;
    }
    unsigned flags = (argc > 2 && strcmp(argv[2], "--measure") == 0) ? FFTW_MEASURE
                                                                     : FFTW_ESTIMATE;
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    char fixed[256];
    if (fread(fixed, 1, 256, file) != 256) { fprintf(stderr, "short header\n"); return 1; }
    long header_bytes = field(fixed, 184, 8), records = field(fixed, 236, 8);
    double record_seconds = real_field(fixed, 244, 8);
    int signals = (int)field(fixed, 252, 4);
    char *header = malloc(header_bytes);
    fseek(file, 0, SEEK_SET);
    if (fread(header, 1, header_bytes, file) != (size_t)header_bytes) return 1;
    int *per_record = malloc(signals * sizeof(int)), *offsets = malloc(signals * sizeof(int));
    int *data = malloc(signals * sizeof(int)), channels = 0, record_bytes = 0;
    double *scale = malloc(signals * sizeof(double)), *shift = malloc(signals * sizeof(double));
    char (*labels)[17] = malloc(signals * 17);
    for (int s = 0; s < signals; s++) {
        int base = 256, n = signals;
        memcpy(labels[s], header + base + 16 * s, 16);
        labels[s][16] = 0;
        for (int c = 15; c >= 0 && labels[s][c] == ' '; c--) labels[s][c] = 0;
        double pmin = real_field(header, base + n * 104 + 8 * s, 8);
        double pmax = real_field(header, base + n * 112 + 8 * s, 8);
        double dmin = real_field(header, base + n * 120 + 8 * s, 8);
        double dmax = real_field(header, base + n * 128 + 8 * s, 8);
        per_record[s] = (int)field(header, base + n * 216 + 8 * s, 8);
        scale[s] = (pmax - pmin) / (dmax - dmin);
        shift[s] = pmin - dmin * scale[s];
        offsets[s] = record_bytes;
        record_bytes += 2 * per_record[s];
        if (strcmp(labels[s], "EDF Annotations") != 0) data[channels++] = s;
    }
    double rate = per_record[data[0]] / record_seconds;
    int length = (int)lround(2 * rate), step = length - length / 2, bins = length / 2 + 1;

    double *window = fftw_alloc_real(length), *input = fftw_alloc_real(length);
    fftw_complex *output = fftw_alloc_complex(bins);
    fftw_plan plan = fftw_plan_dft_r2c_1d(length, input, output, flags);
    double energy = 0;
    for (int i = 0; i < length; i++) {
        window[i] = 0.5 - 0.5 * cos(2 * M_PI * i / length);
        energy += window[i] * window[i];
    }
    double *pending = calloc((size_t)channels * length, sizeof(double));
    double *sums = calloc((size_t)channels * bins, sizeof(double));
    int *filled = calloc(channels, sizeof(int));
    long segments = 0;

    int block_records = 8;
    unsigned char *block = malloc((size_t)block_records * record_bytes);
    for (long first = 0; first < records; first += block_records) {
        int count = (int)(records - first < block_records ? records - first : block_records);
        if (fread(block, record_bytes, count, file) != (size_t)count) return 1;
        for (int c = 0; c < channels; c++) {
            int s = data[c];
            double *buffer = pending + (size_t)c * length, *sum = sums + (size_t)c * bins;
            for (int r = 0; r < count; r++) {
                const unsigned char *raw = block + (size_t)r * record_bytes + offsets[s];
                for (int i = 0; i < per_record[s]; i++) {
                    short value = (short)(raw[2 * i] | raw[2 * i + 1] << 8);
                    buffer[filled[c]++] = value * scale[s] + shift[s];
                    if (filled[c] == length) {
                        double mean = 0;
                        for (int j = 0; j < length; j++) mean += buffer[j];
                        mean /= length;
                        for (int j = 0; j < length; j++) input[j] = (buffer[j] - mean) * window[j];
                        fftw_execute_dft_r2c(plan, input, output);
                        for (int k = 0; k < bins; k++)
                            sum[k] += output[k][0] * output[k][0] + output[k][1] * output[k][1];
                        memmove(buffer, buffer + step, (length - step) * sizeof(double));
                        filled[c] = length - step;
                        if (c == 0) segments++;
                    }
                }
            }
        }
    }
    const char *names[] = {"delta", "theta", "alpha", "beta", "gamma"};
    const double lows[] = {1, 4, 8, 13, 30}, highs[] = {4, 8, 13, 30, 80};
    double df = rate / length, *psd = malloc(bins * sizeof(double));
    printf("channel,band,absolute,relative\n");
    for (int c = 0; c < channels; c++) {
        for (int k = 0; k < bins; k++) {
            double doubling = (k > 0 && (length % 2 ? 1 : k < bins - 1)) ? 2.0 : 1.0;
            psd[k] = sums[(size_t)c * bins + k] * doubling / (rate * energy) / segments;
        }
        double total = band(psd, bins, df, 1, 80);
        for (int b = 0; b < 5; b++) {
            double absolute = band(psd, bins, df, lows[b], highs[b]);
            printf("%s,%s,%.17g,%.17g\n", labels[data[c]], names[b], absolute, absolute / total);
        }
    }
    fftw_destroy_plan(plan);
    return 0;
}

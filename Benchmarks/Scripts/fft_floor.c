/*
 * Raw FFTW real-to-complex timing, the reference for `eegscope bench fft`: same transform
 * (r2c, double), same plan flags, same new-array execute on fftw_malloc buffers, same timing
 * (median over timed batches of 65536/N executions after a warm-up).
 *
 *   gcc -O2 -o fft_floor Benchmarks/Scripts/fft_floor.c -lfftw3 -lm
 *   ./fft_floor [estimate|measure] N...        # JSON rows like `eegscope bench --json`
 */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fft_floor estimate|measure N...\n");
        return 2;
    }
    int measure = strcmp(argv[1], "measure") == 0;
    printf("[");
    for (int a = 2; a < argc; a++) {
        int n = atoi(argv[a]);
        double *input = fftw_alloc_real(n);
        fftw_complex *output = fftw_alloc_complex(n / 2 + 1);
        double start = now();
        fftw_plan plan = fftw_plan_dft_r2c_1d(n, input, output,
                                              measure ? FFTW_MEASURE : FFTW_ESTIMATE);
        double planning = now() - start;
        for (int i = 0; i < n; i++) input[i] = sin(i * 0.01) + 0.25 * cos(i * 0.37);
        int repeats = n < 65536 ? 65536 / n : 1;
        double samples[100000];
        int count = 0;
        fftw_execute_dft_r2c(plan, input, output);
        double begin = now();
        while (count < 20 || (now() - begin < 0.2 && count < 100000)) {
            double t0 = now();
            for (int r = 0; r < repeats; r++) fftw_execute_dft_r2c(plan, input, output);
            samples[count++] = (now() - t0) / repeats;
        }
        qsort(samples, count, sizeof(double), compare);
        double seconds = samples[count / 2];
        double mflops = 2.5 * n * log2(n) / (seconds * 1e6);
        printf("%s{\"name\": \"fftw r2c plan (%s)\", \"size\": %d, \"seconds_per_op\": %.9g, "
               "\"mflops\": null},\n", a > 2 ? ",\n" : "\n", argv[1], n, planning);
        printf("{\"name\": \"fftw r2c execute (%s)\", \"size\": %d, \"seconds_per_op\": %.9g, "
               "\"mflops\": %.6g}", argv[1], n, seconds, mflops);
        fftw_destroy_plan(plan);
        fftw_free(input);
        fftw_free(output);
    }
    printf("\n]\n");
    return 0;
}

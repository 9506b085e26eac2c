#ifndef EEGSCOPE_CFFTW_SHIM_H
#define EEGSCOPE_CFFTW_SHIM_H

#include <fftw3.h>

// fftw_complex is `double[2]`, which Swift imports as a tuple. These helpers take interleaved
// `double *` buffers (re, im, re, im, ...) so the Swift side never has to rebind memory.

static inline fftw_plan eeg_plan_r2c(int n, double *in, double *out, unsigned flags) {
    return fftw_plan_dft_r2c_1d(n, in, (fftw_complex *)out, flags);
}

static inline fftw_plan eeg_plan_c2r(int n, double *in, double *out, unsigned flags) {
    return fftw_plan_dft_c2r_1d(n, (fftw_complex *)in, out, flags);
}

static inline fftw_plan eeg_plan_c2c(int n, double *in, double *out, int sign, unsigned flags) {
    return fftw_plan_dft_1d(n, (fftw_complex *)in, (fftw_complex *)out, sign, flags);
}

static inline fftw_plan eeg_plan_many_r2c(int n, int howmany, double *in, double *out,
                                          unsigned flags) {
    int dims[1] = { n };
    int outLength = n / 2 + 1;
    return fftw_plan_many_dft_r2c(1, dims, howmany, in, NULL, 1, n,
                                  (fftw_complex *)out, NULL, 1, outLength, flags);
}

static inline void eeg_execute_r2c(fftw_plan p, double *in, double *out) {
    fftw_execute_dft_r2c(p, in, (fftw_complex *)out);
}

static inline void eeg_execute_c2r(fftw_plan p, double *in, double *out) {
    fftw_execute_dft_c2r(p, (fftw_complex *)in, out);
}

static inline void eeg_execute_c2c(fftw_plan p, double *in, double *out) {
    fftw_execute_dft(p, (fftw_complex *)in, (fftw_complex *)out);
}

static inline double *eeg_alloc_doubles(size_t count) {
    return (double *)fftw_malloc(sizeof(double) * (count == 0 ? 1 : count));
}

static inline unsigned eeg_flag_estimate(void) { return FFTW_ESTIMATE; }
static inline unsigned eeg_flag_measure(void) { return FFTW_MEASURE; }
static inline unsigned eeg_flag_patient(void) { return FFTW_PATIENT; }
static inline unsigned eeg_flag_preserve_input(void) { return FFTW_PRESERVE_INPUT; }
static inline unsigned eeg_flag_wisdom_only(void) { return FFTW_WISDOM_ONLY; }
static inline int eeg_sign_forward(void) { return FFTW_FORWARD; }
static inline int eeg_sign_backward(void) { return FFTW_BACKWARD; }

#endif

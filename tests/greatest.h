/*
 * tests/greatest.h - this project's own implementation of the part of the
 * API of "greatest" 1.5 (the single-header C test library by Scott Vokes,
 * https://github.com/silentbicycle/greatest) that our tests use.
 *
 * greatest is not available from any package registry we can use, so this
 * file was written from upstream's documentation and observed behaviour; it
 * is not a copy of upstream's code.  The aim is source compatibility: a test
 * file written against this header compiles, and passes or fails the same
 * way, with upstream greatest 1.5, and the reverse for the subset below.
 * The final report lines are byte-for-byte upstream's, because the test
 * driver parses the last one:
 *
 *     Total: N tests (T ticks, S sec), A assertions
 *     Pass: P, fail: F, skip: S.
 *
 * Implemented (each also under a GREATEST_ prefix, as upstream):
 *   structure   TEST, SUITE, SUITE_EXTERN, RUN_SUITE, RUN_TEST, RUN_TEST1,
 *               RUN_TESTp, IGNORE_TEST, SET_SETUP, SET_TEARDOWN,
 *               GREATEST_MAIN_DEFS, GREATEST_MAIN_BEGIN, GREATEST_MAIN_END,
 *               GREATEST_INIT, GREATEST_PRINT_REPORT, greatest_all_passed,
 *               GREATEST_IS_VERBOSE
 *   results     PASS, PASSm, FAIL, FAILm, SKIP, SKIPm, CHECK_CALL
 *   assertions  ASSERT, ASSERT_FALSE, ASSERT_EQ, ASSERT_NEQ, ASSERT_GT,
 *               ASSERT_GTE, ASSERT_LT, ASSERT_LTE, ASSERT_EQ_FMT,
 *               ASSERT_STR_EQ, ASSERT_STRN_EQ, ASSERT_MEM_EQ, and the "m"
 *               form of each (message first).  Expected value comes first,
 *               the value under test second, as upstream.
 *   runner      -h/--help, -l, -f, -a, -v, -e, -s SUITE, -t TEST,
 *               -x EXCLUDE, and "--" to stop option parsing.
 *
 * Deliberately left out (upstream has them; our tests do not use them):
 * ASSERT_IN_RANGE, ASSERT_ENUM_EQ, ASSERT_EQUAL_T, the longjmp variants,
 * SHUFFLE_TESTS/SHUFFLE_SUITES, test name suffixes, the greatest_set_*()
 * setter functions, GREATEST_FPRINTF/GREATEST_USE_TIME and C++ guards.
 *
 * Differences on purpose, none of which changes a pass/fail outcome: every
 * macro argument is evaluated once (upstream's ASSERT_EQ_FMT evaluates EXP
 * and GOT again to print them); a NULL string or buffer makes STR/STRN/MEM_EQ
 * fail instead of crashing; STRN_EQ prints at most SIZE characters of each
 * string; a (rejected) RUN_TEST inside a test does not overwrite the outer
 * test's name in the report; internal names cannot trip -Wshadow.  The -h
 * help text is worded differently.  All other output matches upstream.
 *
 * No heap allocation.  C99 (uses GCC's __typeof__ when available).
 */
#ifndef GREATEST_H
#define GREATEST_H

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Width of the "....F..s" progress lines before a line break. */
#ifndef GREATEST_DEFAULT_WIDTH
#define GREATEST_DEFAULT_WIDTH 72
#endif

/* Where all test output goes. */
#ifndef GREATEST_STDOUT
#define GREATEST_STDOUT stdout
#endif

/* Also define the short names (TEST, ASSERT, ...), as upstream does. */
#ifndef GREATEST_USE_ABBREVS
#define GREATEST_USE_ABBREVS 1
#endif

/* What a test function returns; same names and values as upstream. */
typedef enum greatest_test_res {
    GREATEST_TEST_RES_PASS = 0,
    GREATEST_TEST_RES_FAIL = -1,
    GREATEST_TEST_RES_SKIP = 1
} greatest_test_res;

typedef void greatest_suite_cb(void);
typedef void greatest_setup_cb(void *udata);
typedef void greatest_teardown_cb(void *udata);

/* Runner flags, set from the command line. */
enum {
    GREATEST_FLAG_FIRST_FAIL = 0x01,   /* -f */
    GREATEST_FLAG_LIST_ONLY = 0x02,    /* -l */
    GREATEST_FLAG_ABORT_ON_FAIL = 0x04 /* -a */
};

struct greatest_counts {
    unsigned int tests_run, passed, failed, skipped;
};

/* All runner state.  One instance, defined by GREATEST_MAIN_DEFS(). */
typedef struct greatest_run_info {
    unsigned char flags;            /* GREATEST_FLAG_* */
    unsigned char verbosity;        /* number of -v */
    unsigned char exact_name_match; /* -e */
    unsigned char running_test;     /* guards RUN_TEST inside a test */
    unsigned int width, col;        /* progress line layout */
    /* Counts of the suite being run, and of all suites closed so far.
     * Like upstream, a suite's counts are folded into the totals only when
     * the next suite starts or the report is printed, so tests run outside
     * any suite are counted with the suite before them. */
    struct greatest_counts suite, total;
    unsigned int assertions;
    /* Set by PASSm/FAILm/SKIPm and printed by the runner. */
    const char *msg, *fail_file;
    unsigned int fail_line;
    const char *test_name;
    greatest_setup_cb *setup;
    void *setup_udata;
    greatest_teardown_cb *teardown;
    void *teardown_udata;
    const char *suite_filter, *test_filter, *test_exclude; /* -s -t -x */
    clock_t begin, suite_begin, test_begin;
} greatest_run_info;

extern greatest_run_info greatest_info;

/* Defined by GREATEST_MAIN_DEFS().  They are not static, because macros
 * used in other files (suites declared with SUITE_EXTERN) call them, and are
 * declared here so -Wmissing-prototypes stays quiet. */
int greatest_test_pre(const char *name);
void greatest_test_post(enum greatest_test_res res);
int greatest_str_eq(const void *exp, const void *got, int bounded, size_t n);
int greatest_mem_eq(const void *exp, const void *got, size_t n);
void greatest_run_suite(greatest_suite_cb *suite_cb, const char *name);
void greatest_parse_options(int argc, char **argv);
void GREATEST_SET_SETUP_CB(greatest_setup_cb *cb, void *udata);
void GREATEST_SET_TEARDOWN_CB(greatest_teardown_cb *cb, void *udata);
void GREATEST_INIT(void);
void GREATEST_PRINT_REPORT(void);
int greatest_all_passed(void);

/*
 * Defining tests and suites.  TEST leaves the parameter list to the user,
 * which is how parametric tests (RUN_TEST1, RUN_TESTp) work.  SUITE declares
 * the function before defining it so -Wmissing-prototypes is satisfied.
 */
#define GREATEST_TEST static enum greatest_test_res
#define GREATEST_SUITE(NAME) void NAME(void); void NAME(void)
#define GREATEST_SUITE_EXTERN(NAME) void NAME(void)
#define GREATEST_RUN_SUITE(NAME) greatest_run_suite(NAME, #NAME)
#define GREATEST_IGNORE_TEST(TEST) (void)TEST
#define GREATEST_IS_VERBOSE() (greatest_info.verbosity > 0)

/* greatest_test_pre() applies the filters and -f, and runs the setup hook;
 * greatest_test_post() runs teardown and records the result. */
#define GREATEST__RUN(NAME_STR, CALL)                                   \
    do {                                                                \
        if (greatest_test_pre(NAME_STR)) { greatest_test_post(CALL); }  \
    } while (0)
#define GREATEST_RUN_TEST(TEST) GREATEST__RUN(#TEST, TEST())
#define GREATEST_RUN_TEST1(TEST, ENV) GREATEST__RUN(#TEST, TEST(ENV))
#define GREATEST_RUN_TESTp(TEST, ...) GREATEST__RUN(#TEST, TEST(__VA_ARGS__))

/* Ending a test.  The file and line are those of the macro's use. */
#define GREATEST_PASSm(MSG)                                             \
    do {                                                                \
        greatest_info.msg = (MSG);                                      \
        return GREATEST_TEST_RES_PASS;                                  \
    } while (0)
#define GREATEST_SKIPm(MSG)                                             \
    do {                                                                \
        greatest_info.msg = (MSG);                                      \
        return GREATEST_TEST_RES_SKIP;                                  \
    } while (0)
#define GREATEST_FAILm(MSG)                                             \
    do {                                                                \
        greatest_info.fail_file = __FILE__;                             \
        greatest_info.fail_line = __LINE__;                             \
        greatest_info.msg = (MSG);                                      \
        if (greatest_info.flags & GREATEST_FLAG_ABORT_ON_FAIL) {        \
            abort(); /* -a: stop right here, e.g. under a debugger */   \
        }                                                               \
        return GREATEST_TEST_RES_FAIL;                                  \
    } while (0)
#define GREATEST_PASS() GREATEST_PASSm(NULL)
#define GREATEST_SKIP() GREATEST_SKIPm(NULL)
#define GREATEST_FAIL() GREATEST_FAILm(NULL)

/* Call a helper that itself uses ASSERT/FAIL/SKIP and returns a
 * greatest_test_res; return from the test unless it passed. */
#define GREATEST_CHECK_CALL(RES)                                        \
    do {                                                                \
        enum greatest_test_res greatest_res_ = (RES);                   \
        if (greatest_res_ != GREATEST_TEST_RES_PASS) {                  \
            return greatest_res_;                                       \
        }                                                               \
    } while (0)

/* Assertions.  Each counts one assertion, then fails the test with MSG
 * (the message-less forms use the stringified arguments) if it does not
 * hold.  Every argument is evaluated exactly once. */
#define GREATEST_ASSERTm(MSG, COND)                                     \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (!(COND)) { GREATEST_FAILm(MSG); }                           \
    } while (0)
#define GREATEST_ASSERT_FALSEm(MSG, COND)                               \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (COND) { GREATEST_FAILm(MSG); }                              \
    } while (0)
#define GREATEST__REL(OP, MSG, EXP, GOT)                                \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (!((EXP) OP (GOT))) { GREATEST_FAILm(MSG); }                 \
    } while (0)
#define GREATEST_ASSERT_EQm(MSG, EXP, GOT) GREATEST__REL(==, MSG, EXP, GOT)
#define GREATEST_ASSERT_NEQm(MSG, EXP, GOT) GREATEST__REL(!=, MSG, EXP, GOT)
#define GREATEST_ASSERT_GTm(MSG, EXP, GOT) GREATEST__REL(>, MSG, EXP, GOT)
#define GREATEST_ASSERT_GTEm(MSG, EXP, GOT) GREATEST__REL(>=, MSG, EXP, GOT)
#define GREATEST_ASSERT_LTm(MSG, EXP, GOT) GREATEST__REL(<, MSG, EXP, GOT)
#define GREATEST_ASSERT_LTEm(MSG, EXP, GOT) GREATEST__REL(<=, MSG, EXP, GOT)

/* ASSERT_EQ_FMT prints both values with FMT on failure.  To print them
 * without evaluating EXP and GOT a second time they are kept in
 * temporaries of the type the comparison itself uses (that of ?:), so
 * the comparison is unchanged and gives no new -Wsign-compare warnings.
 * FMT is passed on as written so that -Wformat can still check it. */
#if defined(__GNUC__)
#define GREATEST__EQ_FMT(MSG, EXP, GOT, FMT)                            \
    do {                                                                \
        __typeof__(1 ? (EXP) : (GOT)) greatest_exp_ = (EXP);            \
        __typeof__(1 ? (EXP) : (GOT)) greatest_got_ = (GOT);            \
        greatest_info.assertions++;                                     \
        if (greatest_exp_ != greatest_got_) {                           \
            fprintf(GREATEST_STDOUT, "\nExpected: ");                   \
            fprintf(GREATEST_STDOUT, FMT, greatest_exp_);               \
            fprintf(GREATEST_STDOUT, "\n     Got: ");                   \
            fprintf(GREATEST_STDOUT, FMT, greatest_got_);               \
            fprintf(GREATEST_STDOUT, "\n");                             \
            GREATEST_FAILm(MSG);                                        \
        }                                                               \
    } while (0)
#else /* no typeof: fall back to upstream's behaviour, re-evaluating */
#define GREATEST__EQ_FMT(MSG, EXP, GOT, FMT)                            \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if ((EXP) != (GOT)) {                                           \
            fprintf(GREATEST_STDOUT, "\nExpected: ");                   \
            fprintf(GREATEST_STDOUT, FMT, EXP);                         \
            fprintf(GREATEST_STDOUT, "\n     Got: ");                   \
            fprintf(GREATEST_STDOUT, FMT, GOT);                         \
            fprintf(GREATEST_STDOUT, "\n");                             \
            GREATEST_FAILm(MSG);                                        \
        }                                                               \
    } while (0)
#endif
#define GREATEST_ASSERT_EQ_FMTm(MSG, EXP, GOT, FMT)                     \
    GREATEST__EQ_FMT(MSG, EXP, GOT, FMT)

/* String and memory comparisons print expected and got themselves. */
#define GREATEST_ASSERT_STR_EQm(MSG, EXP, GOT)                          \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (!greatest_str_eq((EXP), (GOT), 0, 0)) { GREATEST_FAILm(MSG); } \
    } while (0)
#define GREATEST_ASSERT_STRN_EQm(MSG, EXP, GOT, SIZE)                   \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (!greatest_str_eq((EXP), (GOT), 1, (SIZE))) {                \
            GREATEST_FAILm(MSG);                                        \
        }                                                               \
    } while (0)
#define GREATEST_ASSERT_MEM_EQm(MSG, EXP, GOT, SIZE)                    \
    do {                                                                \
        greatest_info.assertions++;                                     \
        if (!greatest_mem_eq((EXP), (GOT), (SIZE))) { GREATEST_FAILm(MSG); } \
    } while (0)

/* Message-less forms: the message is the stringified condition, with the
 * same wording as upstream ("a != b" for a failed ASSERT_EQ(a, b)). */
#define GREATEST_ASSERT(COND) GREATEST_ASSERTm(#COND, COND)
#define GREATEST_ASSERT_FALSE(COND) GREATEST_ASSERT_FALSEm(#COND, COND)
#define GREATEST_ASSERT_EQ(EXP, GOT)                                    \
    GREATEST_ASSERT_EQm(#EXP " != " #GOT, EXP, GOT)
#define GREATEST_ASSERT_NEQ(EXP, GOT)                                   \
    GREATEST_ASSERT_NEQm(#EXP " == " #GOT, EXP, GOT)
#define GREATEST_ASSERT_GT(EXP, GOT)                                    \
    GREATEST_ASSERT_GTm(#EXP " <= " #GOT, EXP, GOT)
#define GREATEST_ASSERT_GTE(EXP, GOT)                                   \
    GREATEST_ASSERT_GTEm(#EXP " < " #GOT, EXP, GOT)
#define GREATEST_ASSERT_LT(EXP, GOT)                                    \
    GREATEST_ASSERT_LTm(#EXP " >= " #GOT, EXP, GOT)
#define GREATEST_ASSERT_LTE(EXP, GOT)                                   \
    GREATEST_ASSERT_LTEm(#EXP " > " #GOT, EXP, GOT)
#define GREATEST_ASSERT_EQ_FMT(EXP, GOT, FMT)                           \
    GREATEST_ASSERT_EQ_FMTm(#EXP " != " #GOT, EXP, GOT, FMT)
#define GREATEST_ASSERT_STR_EQ(EXP, GOT)                                \
    GREATEST_ASSERT_STR_EQm(#EXP " != " #GOT, EXP, GOT)
#define GREATEST_ASSERT_STRN_EQ(EXP, GOT, SIZE)                         \
    GREATEST_ASSERT_STRN_EQm(#EXP " != " #GOT, EXP, GOT, SIZE)
#define GREATEST_ASSERT_MEM_EQ(EXP, GOT, SIZE)                          \
    GREATEST_ASSERT_MEM_EQm(#EXP " != " #GOT, EXP, GOT, SIZE)

/* main() of a test program: parse the runner flags, then print the totals
 * and exit with EXIT_FAILURE if any test failed. */
#define GREATEST_MAIN_BEGIN()                                           \
    do {                                                                \
        GREATEST_INIT();                                                \
        greatest_parse_options(argc, argv);                             \
    } while (0)
#define GREATEST_MAIN_END()                                             \
    do {                                                                \
        GREATEST_PRINT_REPORT();                                        \
        return greatest_all_passed() ? EXIT_SUCCESS : EXIT_FAILURE;     \
    } while (0)

/*
 * The runner itself, expanded once in the file that holds main().  It ends
 * with the definition of greatest_info so that the customary
 * "GREATEST_MAIN_DEFS();" is a valid declaration.  Inside this macro only
 * C comments can be used: a // comment would swallow the spliced lines.
 * Locals and parameters end in '_' so that they cannot shadow (and trip
 * -Wshadow on) file-scope names such as "buf" or "name" in the test file.
 */
#define GREATEST_MAIN_DEFS()                                            \
                                                                        \
/* With no filter the result is NOTHING_SET_; -e compares whole names. */\
static int greatest_name_match(const char *name_, const char *filter_,  \
                               int nothing_set_)                        \
{                                                                       \
    if (filter_ == NULL || filter_[0] == '\0') { return nothing_set_; } \
    if (greatest_info.exact_name_match) {                               \
        return strcmp(name_, filter_) == 0;                             \
    }                                                                   \
    return strstr(name_, filter_) != NULL;                              \
}                                                                       \
                                                                        \
static void greatest_print_time(clock_t from_, clock_t to_)             \
{                                                                       \
    fprintf(GREATEST_STDOUT, " (%lu ticks, %.3f sec)",                  \
            (unsigned long)(to_ - from_),                               \
            (double)(to_ - from_) / (double)CLOCKS_PER_SEC);            \
}                                                                       \
                                                                        \
/* Fold the current suite's counts into the totals and drop its hooks. */ \
static void greatest_close_suite(void)                                  \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    g_->total.tests_run += g_->suite.tests_run;                         \
    g_->total.passed += g_->suite.passed;                               \
    g_->total.failed += g_->suite.failed;                               \
    g_->total.skipped += g_->suite.skipped;                             \
    memset(&g_->suite, 0, sizeof g_->suite);                            \
    g_->setup = NULL;                                                   \
    g_->setup_udata = NULL;                                             \
    g_->teardown = NULL;                                                \
    g_->teardown_udata = NULL;                                          \
    g_->col = 0;                                                        \
}                                                                       \
                                                                        \
/* -f: once anything failed, no further suite is started. */            \
static int greatest_stop_now(void)                                      \
{                                                                       \
    return (greatest_info.flags & GREATEST_FLAG_FIRST_FAIL) &&          \
        (greatest_info.suite.failed > 0 || greatest_info.total.failed > 0); \
}                                                                       \
                                                                        \
/* Returns 1 if the test should run now (setup hook already called). */ \
int greatest_test_pre(const char *name_)                                \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    int match_ = greatest_name_match(name_, g_->test_filter, 1) &&      \
        !greatest_name_match(name_, g_->test_exclude, 0);               \
    if (g_->flags & GREATEST_FLAG_LIST_ONLY) {                          \
        if (match_) { fprintf(GREATEST_STDOUT, "  %s\n", name_); }      \
        return 0;                                                       \
    }                                                                   \
    if (!match_ ||                                                      \
        ((g_->flags & GREATEST_FLAG_FIRST_FAIL) && g_->suite.failed > 0)) { \
        return 0;                                                       \
    }                                                                   \
    if (g_->running_test) { /* RUN_TEST inside a test is ignored */     \
        fprintf(stderr, "Error: Test run inside another test.\n");      \
        return 0;                                                       \
    }                                                                   \
    g_->test_name = name_;                                              \
    g_->test_begin = clock();                                           \
    if (g_->setup) { g_->setup(g_->setup_udata); }                      \
    g_->running_test = 1;                                               \
    return 1;                                                           \
}                                                                       \
                                                                        \
void greatest_test_post(enum greatest_test_res res_)                    \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    clock_t end_ = clock();                                             \
    const char *msg_ = g_->msg ? g_->msg : "";                          \
    int verbose_ = GREATEST_IS_VERBOSE();                               \
    if (g_->teardown) { g_->teardown(g_->teardown_udata); }             \
    g_->running_test = 0;                                               \
    if (res_ <= GREATEST_TEST_RES_FAIL) {                               \
        const char *file_ = g_->fail_file ? g_->fail_file : "";         \
        if (verbose_) {                                                 \
            fprintf(GREATEST_STDOUT, "FAIL %s: %s (%s:%u)",             \
                    g_->test_name, msg_, file_, g_->fail_line);         \
        } else { /* failures get a line of their own */                 \
            fprintf(GREATEST_STDOUT, "F\nFAIL %s: %s (%s:%u)\n",        \
                    g_->test_name, msg_, file_, g_->fail_line);         \
            g_->col = 0;                                                \
        }                                                               \
        g_->suite.failed++;                                             \
    } else if (res_ >= GREATEST_TEST_RES_SKIP) {                        \
        if (verbose_) {                                                 \
            fprintf(GREATEST_STDOUT, "SKIP %s: %s", g_->test_name, msg_); \
        } else {                                                        \
            fprintf(GREATEST_STDOUT, "s");                              \
        }                                                               \
        g_->suite.skipped++;                                            \
    } else {                                                            \
        if (verbose_) {                                                 \
            fprintf(GREATEST_STDOUT, "PASS %s: %s", g_->test_name, msg_); \
        } else {                                                        \
            fprintf(GREATEST_STDOUT, ".");                              \
        }                                                               \
        g_->suite.passed++;                                             \
    }                                                                   \
    g_->suite.tests_run++;                                              \
    g_->col++;                                                          \
    if (verbose_) {                                                     \
        greatest_print_time(g_->test_begin, end_);                      \
        fprintf(GREATEST_STDOUT, "\n");                                 \
    } else if (g_->col % g_->width == 0) {                              \
        fprintf(GREATEST_STDOUT, "\n");                                 \
        g_->col = 0;                                                    \
    }                                                                   \
    fflush(GREATEST_STDOUT); /* keep progress visible if a test hangs */ \
}                                                                       \
                                                                        \
void greatest_run_suite(greatest_suite_cb *suite_cb_, const char *name_) \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    clock_t end_;                                                       \
    if (!greatest_name_match(name_, g_->suite_filter, 1) ||             \
        greatest_stop_now()) {                                          \
        return;                                                         \
    }                                                                   \
    greatest_close_suite();                                             \
    fprintf(GREATEST_STDOUT, "\n* Suite %s:\n", name_);                 \
    g_->suite_begin = clock();                                          \
    suite_cb_();                                                        \
    end_ = clock();                                                     \
    if (g_->suite.tests_run > 0) {                                      \
        fprintf(GREATEST_STDOUT,                                        \
                "\n%u test%s - %u passed, %u failed, %u skipped",       \
                g_->suite.tests_run, g_->suite.tests_run == 1 ? "" : "s", \
                g_->suite.passed, g_->suite.failed, g_->suite.skipped); \
        greatest_print_time(g_->suite_begin, end_);                     \
        fprintf(GREATEST_STDOUT, "\n");                                 \
    }                                                                   \
}                                                                       \
                                                                        \
int greatest_str_eq(const void *expd_, const void *got_, int bounded_,  \
                    size_t n_)                                          \
{                                                                       \
    const char *e_ = (const char *)expd_, *g_ = (const char *)got_;     \
    int prec_ = (!bounded_ || n_ > INT_MAX) ? INT_MAX : (int)n_;        \
    if (e_ != NULL && g_ != NULL &&                                     \
        (bounded_ ? strncmp(e_, g_, n_) : strcmp(e_, g_)) == 0) {       \
        return 1;                                                       \
    }                                                                   \
    fprintf(GREATEST_STDOUT, "\nExpected: %.*s\n     Got: %.*s\n",      \
            prec_, e_ ? e_ : "(null)", prec_, g_ ? g_ : "(null)");      \
    return 0;                                                           \
}                                                                       \
                                                                        \
/* Hex dump of BUF, 16 bytes a line; lines and bytes that differ from   \
 * OTHER are marked with 'X' and '<'. */                                \
static void greatest_hexdump(const unsigned char *buf_,                 \
                             const unsigned char *other_, size_t n_)    \
{                                                                       \
    size_t at_, i_, len_;                                               \
    if (buf_ == NULL) { fprintf(GREATEST_STDOUT, "(null)"); return; }   \
    for (at_ = 0; at_ < n_; at_ += len_) {                              \
        int differs_ = 0;                                               \
        len_ = n_ - at_ < 16 ? n_ - at_ : 16;                           \
        for (i_ = at_; i_ < at_ + len_; i_++) {                         \
            differs_ |= other_ == NULL || buf_[i_] != other_[i_];       \
        }                                                               \
        fprintf(GREATEST_STDOUT, "\n%04x %c ", (unsigned int)at_,       \
                differs_ ? 'X' : ' ');                                  \
        for (i_ = at_; i_ < at_ + 16; i_++) {                           \
            if (i_ >= at_ + len_) { /* pad a short last line */         \
                fprintf(GREATEST_STDOUT, "   ");                        \
                continue;                                               \
            }                                                           \
            fprintf(GREATEST_STDOUT, "%02x%c", buf_[i_],                \
                    other_ == NULL || buf_[i_] != other_[i_] ? '<' : ' '); \
        }                                                               \
        fprintf(GREATEST_STDOUT, " ");                                  \
        for (i_ = at_; i_ < at_ + len_; i_++) {                         \
            fprintf(GREATEST_STDOUT, "%c",                              \
                    isprint(buf_[i_]) ? buf_[i_] : '.');                \
        }                                                               \
    }                                                                   \
    fprintf(GREATEST_STDOUT, "\n");                                     \
}                                                                       \
                                                                        \
int greatest_mem_eq(const void *expd_, const void *got_, size_t n_)     \
{                                                                       \
    const unsigned char *e_ = (const unsigned char *)expd_;             \
    const unsigned char *g_ = (const unsigned char *)got_;              \
    if (n_ == 0 || (e_ != NULL && g_ != NULL && memcmp(e_, g_, n_) == 0)) { \
        return 1;                                                       \
    }                                                                   \
    fprintf(GREATEST_STDOUT, "\nExpected: ");                           \
    greatest_hexdump(e_, g_, n_);                                       \
    fprintf(GREATEST_STDOUT, "\n     Got: ");                           \
    greatest_hexdump(g_, e_, n_);                                       \
    fprintf(GREATEST_STDOUT, "\n");                                     \
    return 0;                                                           \
}                                                                       \
                                                                        \
static void greatest_usage(const char *name_)                           \
{                                                                       \
    fprintf(GREATEST_STDOUT,                                            \
        "Usage: %s [-hlfavex] [-s SUITE] [-t TEST] [-x EXCLUDE]\n"      \
        "  -h, --help  show this help\n"                                \
        "  -l          list suites and tests without running them\n"    \
        "  -f          stop after the first failure\n"                  \
        "  -a          call abort() at the first failure\n"             \
        "  -v          verbose: one PASS/FAIL/SKIP line per test\n"     \
        "  -s SUITE    run only suites whose name contains SUITE\n"     \
        "  -t TEST     run only tests whose name contains TEST\n"       \
        "  -e          -s/-t/-x match whole names only\n"               \
        "  -x EXCLUDE  skip tests whose name contains EXCLUDE\n",       \
        name_);                                                         \
}                                                                       \
                                                                        \
/* Like upstream: only the letter after '-' counts, arguments that do   \
 * not start with '-' are ignored, and "--" ends the runner's options. */ \
void greatest_parse_options(int argc_, char **argv_)                    \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    int i_;                                                             \
    for (i_ = 1; i_ < argc_; i_++) {                                    \
        const char *arg_ = argv_[i_];                                   \
        char f_ = arg_[0] == '-' ? arg_[1] : '\0';                      \
        if (arg_[0] != '-') { continue; }                               \
        if ((f_ == 's' || f_ == 't' || f_ == 'x') && i_ + 1 >= argc_) { \
            greatest_usage(argv_[0]);                                   \
            exit(EXIT_FAILURE);                                         \
        }                                                               \
        switch (f_) {                                                   \
        case 's': g_->suite_filter = argv_[++i_]; break;                \
        case 't': g_->test_filter = argv_[++i_]; break;                 \
        case 'x': g_->test_exclude = argv_[++i_]; break;                \
        case 'e': g_->exact_name_match = 1; break;                      \
        case 'f': g_->flags |= GREATEST_FLAG_FIRST_FAIL; break;         \
        case 'a': g_->flags |= GREATEST_FLAG_ABORT_ON_FAIL; break;      \
        case 'l': g_->flags |= GREATEST_FLAG_LIST_ONLY; break;          \
        case 'v': g_->verbosity++; break;                               \
        case 'h': greatest_usage(argv_[0]); exit(EXIT_SUCCESS);         \
        default:                                                        \
            if (strncmp(arg_, "--help", 6) == 0) {                      \
                greatest_usage(argv_[0]);                               \
                exit(EXIT_SUCCESS);                                     \
            }                                                           \
            if (strcmp(arg_, "--") == 0) { return; }                    \
            fprintf(GREATEST_STDOUT, "Unknown argument '%s'\n", arg_);  \
            greatest_usage(argv_[0]);                                   \
            exit(EXIT_FAILURE);                                         \
        }                                                               \
    }                                                                   \
}                                                                       \
                                                                        \
void GREATEST_SET_SETUP_CB(greatest_setup_cb *cb_, void *udata_)        \
{                                                                       \
    greatest_info.setup = cb_;                                          \
    greatest_info.setup_udata = udata_;                                 \
}                                                                       \
                                                                        \
void GREATEST_SET_TEARDOWN_CB(greatest_teardown_cb *cb_, void *udata_)  \
{                                                                       \
    greatest_info.teardown = cb_;                                       \
    greatest_info.teardown_udata = udata_;                              \
}                                                                       \
                                                                        \
void GREATEST_INIT(void)                                                \
{                                                                       \
    memset(&greatest_info, 0, sizeof greatest_info);                    \
    greatest_info.width = GREATEST_DEFAULT_WIDTH;                       \
    greatest_info.begin = clock();                                      \
}                                                                       \
                                                                        \
/* The last line is what the test driver parses; keep it as upstream's. */ \
void GREATEST_PRINT_REPORT(void)                                        \
{                                                                       \
    greatest_run_info *g_ = &greatest_info;                             \
    clock_t end_;                                                       \
    if (g_->flags & GREATEST_FLAG_LIST_ONLY) { return; }                \
    greatest_close_suite();                                             \
    end_ = clock();                                                     \
    fprintf(GREATEST_STDOUT, "\nTotal: %u test%s", g_->total.tests_run, \
            g_->total.tests_run == 1 ? "" : "s");                       \
    greatest_print_time(g_->begin, end_);                               \
    fprintf(GREATEST_STDOUT, ", %u assertion%s\n", g_->assertions,      \
            g_->assertions == 1 ? "" : "s");                            \
    fprintf(GREATEST_STDOUT, "Pass: %u, fail: %u, skip: %u.\n",         \
            g_->total.passed, g_->total.failed, g_->total.skipped);     \
}                                                                       \
                                                                        \
int greatest_all_passed(void) { return greatest_info.total.failed == 0; } \
                                                                        \
greatest_run_info greatest_info

#if GREATEST_USE_ABBREVS
#define TEST GREATEST_TEST
#define SUITE GREATEST_SUITE
#define SUITE_EXTERN GREATEST_SUITE_EXTERN
#define RUN_SUITE GREATEST_RUN_SUITE
#define RUN_TEST GREATEST_RUN_TEST
#define RUN_TEST1 GREATEST_RUN_TEST1
#define RUN_TESTp GREATEST_RUN_TESTp
#define IGNORE_TEST GREATEST_IGNORE_TEST
#define SET_SETUP GREATEST_SET_SETUP_CB
#define SET_TEARDOWN GREATEST_SET_TEARDOWN_CB
#define PASS GREATEST_PASS
#define PASSm GREATEST_PASSm
#define FAIL GREATEST_FAIL
#define FAILm GREATEST_FAILm
#define SKIP GREATEST_SKIP
#define SKIPm GREATEST_SKIPm
#define CHECK_CALL GREATEST_CHECK_CALL
#define ASSERT GREATEST_ASSERT
#define ASSERTm GREATEST_ASSERTm
#define ASSERT_FALSE GREATEST_ASSERT_FALSE
#define ASSERT_FALSEm GREATEST_ASSERT_FALSEm
#define ASSERT_EQ GREATEST_ASSERT_EQ
#define ASSERT_EQm GREATEST_ASSERT_EQm
#define ASSERT_NEQ GREATEST_ASSERT_NEQ
#define ASSERT_NEQm GREATEST_ASSERT_NEQm
#define ASSERT_GT GREATEST_ASSERT_GT
#define ASSERT_GTm GREATEST_ASSERT_GTm
#define ASSERT_GTE GREATEST_ASSERT_GTE
#define ASSERT_GTEm GREATEST_ASSERT_GTEm
#define ASSERT_LT GREATEST_ASSERT_LT
#define ASSERT_LTm GREATEST_ASSERT_LTm
#define ASSERT_LTE GREATEST_ASSERT_LTE
#define ASSERT_LTEm GREATEST_ASSERT_LTEm
#define ASSERT_EQ_FMT GREATEST_ASSERT_EQ_FMT
#define ASSERT_EQ_FMTm GREATEST_ASSERT_EQ_FMTm
#define ASSERT_STR_EQ GREATEST_ASSERT_STR_EQ
#define ASSERT_STR_EQm GREATEST_ASSERT_STR_EQm
#define ASSERT_STRN_EQ GREATEST_ASSERT_STRN_EQ
#define ASSERT_STRN_EQm GREATEST_ASSERT_STRN_EQm
#define ASSERT_MEM_EQ GREATEST_ASSERT_MEM_EQ
#define ASSERT_MEM_EQm GREATEST_ASSERT_MEM_EQm
#endif

#endif /* GREATEST_H */

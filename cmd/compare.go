package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/birefloss/birefloss/compare"
	"github.com/birefloss/birefloss/report"
)

// GateFlags holds the regression-gate flags shared by `birefloss compare`
// and `birefloss eval --baseline`.
type GateFlags struct {
	Baseline        string // eval only: the baseline's summary.json or output folder
	MaxRegress      string // KEY=THRESHOLD,... for dataset values
	MaxImageRegress string // KEY=THRESHOLD,... for per-image values
	ThresholdsFile  string // YAML or JSON file with max_regress and max_image_regress
	AllowMismatch   bool
	AllowMissing    bool
	Markdown        string // Markdown summary path; "-" is stdout (compare only)
	JSON            string // comparison JSON path; "-" is stdout (compare only)
}

// addThresholdFlags binds the flags that both commands share.
func addThresholdFlags(fs *pflag.FlagSet, g *GateFlags) {
	fs.StringVar(&g.MaxRegress, "max-regress", "", "largest allowed worsening of dataset values, as KEY=VALUE,... with VALUE absolute (0.01) or relative to the baseline (2%); * sets the default key (default *=0 when no dataset threshold is set)")
	fs.StringVar(&g.MaxImageRegress, "max-image-regress", "", "largest allowed worsening of per-image values, as KEY=VALUE,...; needs per_image.csv beside both summaries (default: per-image values are not gated)")
	fs.StringVar(&g.ThresholdsFile, "thresholds", "", "YAML or JSON file with the maps max_regress and max_image_regress; --max-regress and --max-image-regress override its keys")
	fs.BoolVar(&g.AllowMismatch, "allow-mismatch", false, "compare results computed with different settings (weights, resize mode, mask reading, GT image set)")
	fs.BoolVar(&g.AllowMissing, "allow-missing", false, "do not count images or models that the baseline evaluated and the new run lacks as regressions")
}

// addGateFlags binds the flags of `birefloss eval --baseline`. The JSON
// output flag is --compare-json there, because eval's --json is taken.
func addGateFlags(fs *pflag.FlagSet, g *GateFlags) {
	fs.StringVar(&g.Baseline, "baseline", "", "summary.json or output folder of a baseline run: compare this run with it after writing the outputs, and exit 3 on a regression")
	addThresholdFlags(fs, g)
	fs.StringVar(&g.Markdown, "markdown", "", "with --baseline, write the comparison as Markdown to this file (for a pull-request comment or CI job summary)")
	fs.StringVar(&g.JSON, "compare-json", "", "with --baseline, write the comparison as JSON to this file")
}

// checkGateFlags validates the gate flags of eval before any work, so that
// a typing error does not cost a whole evaluation. It does not read the
// baseline's values, only checks that the path exists.
func checkGateFlags(g *GateFlags) error {
	if g.Baseline == "" {
		for _, f := range []struct{ name, value string }{
			{"max-regress", g.MaxRegress}, {"max-image-regress", g.MaxImageRegress},
			{"thresholds", g.ThresholdsFile}, {"markdown", g.Markdown}, {"compare-json", g.JSON},
		} {
			if f.value != "" {
				return flagErrorf("--%s needs --baseline: give the baseline's summary.json or output folder", f.name)
			}
		}
		return nil
	}
	if _, err := os.Stat(g.Baseline); err != nil {
		return flagErrorf("invalid --baseline: %v", err)
	}
	if g.Markdown == "-" || g.JSON == "-" {
		return flagErrorf("--markdown and --compare-json need a file path with eval: stdout carries the evaluation's output")
	}
	opts, err := g.options()
	if err != nil {
		return err
	}
	// Check the keys now, so that a typo fails before the evaluation runs
	// rather than after it.
	for _, set := range []struct {
		flag       string
		thresholds compare.Thresholds
	}{{"--max-regress", opts.MaxRegress}, {"--max-image-regress", opts.MaxImageRegress}} {
		for key := range set.thresholds {
			if _, known := report.Direction(key); !known && key != compare.AnyKey {
				return flagErrorf("%s: unknown key %q: use a column of per_image.csv or summary.json, such as loss_total or sm", set.flag, key)
			}
		}
	}
	return nil
}

// options parses the threshold flags and file into compare.Options.
func (g *GateFlags) options() (compare.Options, error) {
	opts := compare.Options{AllowMismatch: g.AllowMismatch, AllowMissing: g.AllowMissing}
	if g.ThresholdsFile != "" {
		data, err := os.ReadFile(g.ThresholdsFile)
		if err != nil {
			return opts, flagErrorf("invalid --thresholds: %v", err)
		}
		tf, err := compare.ParseThresholdFile(data)
		if err != nil {
			return opts, flagErrorf("invalid --thresholds %s: %v", g.ThresholdsFile, err)
		}
		opts.MaxRegress, opts.MaxImageRegress = tf.MaxRegress, tf.MaxImageRegress
	}
	maxRegress, err := compare.ParseThresholds(g.MaxRegress)
	if err != nil {
		return opts, flagErrorf("invalid --max-regress: %v", err)
	}
	maxImageRegress, err := compare.ParseThresholds(g.MaxImageRegress)
	if err != nil {
		return opts, flagErrorf("invalid --max-image-regress: %v", err)
	}
	opts.MaxRegress = opts.MaxRegress.Merge(maxRegress)
	opts.MaxImageRegress = opts.MaxImageRegress.Merge(maxImageRegress)
	return opts, nil
}

// CompareOptions holds the arguments and flag values of `birefloss compare`.
type CompareOptions struct {
	Stdout, Stderr io.Writer
	Baseline, New  string
	Gate           GateFlags
}

func newCompareCmd(runF func(context.Context, *CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{}
	c := &cobra.Command{
		Use:   "compare BASELINE NEW",
		Short: "Compare two evaluations and fail on regressions",
		Long: `compare reads two results of birefloss eval, each given as a summary.json
file or an output folder, and reports the change of every dataset value
(loss means and dataset metrics) and every per-image value of each model.
per_image.csv is read from the folder of each summary.json when it is there;
without it only dataset values are compared. Models are matched by name, or
paired when each side has exactly one.

A change is a regression when the value worsens by more than its threshold.
Which way is worse is fixed per key: lower is better for every loss_* key and
for mae, mse, hce, ber_* and fpr_*; higher is better for the other metrics.
A threshold is absolute (loss_total=0.01) or relative to the baseline's
magnitude (sm=0.5%). A key without a threshold of its own takes the one of
*, and is not gated when there is none. Without any dataset threshold, every
dataset value is gated at 0, so any worsening fails. Images and models that
the baseline evaluated and the new run lacks are regressions too, unless
--allow-missing.

Results computed with different settings (loss weights, resize mode, alpha
or 0/1 scaling of masks, enabled losses and metrics, HCE variant, or GT image
set) are not comparable: compare names each difference and stops, unless
--allow-mismatch.

stdout gets the table of changes; every regression is listed on stderr.

Exit status:
  0  no regression
  1  a file cannot be read, has an unknown schema version, or the settings differ
  2  invalid command line, or a threshold names an unknown key
  3  at least one regression`,
		Example: `  # Gate on the loss total and S-measure, and on every image's loss total
  birefloss compare baseline/ out/ --max-regress loss_total=0.01,sm=0.2% --max-image-regress loss_total=0.05

  # Thresholds from a file, with a Markdown summary for a pull request
  birefloss compare baseline/summary.json out/summary.json --thresholds thresholds.yaml --markdown comment.md`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return flagErrorf("compare takes two arguments, BASELINE and NEW (summary.json files or output folders), got %d", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Stdout = c.OutOrStdout()
			opts.Stderr = c.ErrOrStderr()
			opts.Baseline, opts.New = args[0], args[1]
			if c.Flags().Changed("markdown") && opts.Gate.Markdown == "" {
				return flagErrorf("--markdown is empty: give a file path (if you passed a variable such as $GITHUB_STEP_SUMMARY, it is not set)")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runCompare(opts)
		},
	}
	f := c.Flags()
	addThresholdFlags(f, &opts.Gate)
	f.StringVar(&opts.Gate.Markdown, "markdown", "", "write the comparison as Markdown to this file (for a pull-request comment or CI job summary); - writes it to stdout instead of the table")
	f.StringVar(&opts.Gate.JSON, "json", "", "write the comparison as JSON to this file; - writes it to stdout instead of the table")
	return c
}

// runCompare runs `birefloss compare`.
func runCompare(opts *CompareOptions) error {
	g := &opts.Gate
	if g.Markdown == "-" && g.JSON == "-" {
		return flagErrorf("--markdown - and --json - both ask for stdout: give one of them a file path")
	}
	copts, err := g.options()
	if err != nil {
		return err
	}
	base, err := compare.Load(opts.Baseline)
	if err != nil {
		return fmt.Errorf("read baseline: %w", err)
	}
	next, err := compare.Load(opts.New)
	if err != nil {
		return fmt.Errorf("read new results: %w", err)
	}
	return runGate(opts.Stdout, opts.Stderr, base, next, g, copts)
}

// gateAgainstBaseline compares the outputs of the evaluation that just ran
// with the baseline of --baseline. It writes the comparison table to
// stdout (nothing when stdout is nil), the regressions to stderr, and the
// --markdown and --compare-json files. It returns a StatusError with
// ExitRegression when the gate fails. newRows may be nil, and then only
// dataset values are compared.
func gateAgainstBaseline(stdout, stderr io.Writer, baselinePath string, newSummary *report.Summary, newRows *report.PerImage, g GateFlags) error {
	copts, err := g.options()
	if err != nil {
		return err
	}
	base, err := compare.Load(baselinePath)
	if err != nil {
		return fmt.Errorf("read baseline: %w", err)
	}
	next, err := compare.FromSaved("this run", newSummary, "this run", newRows)
	if err != nil {
		return err
	}
	if stdout == nil {
		stdout = io.Discard
	}
	// A blank line separates the comparison from eval's summary table.
	fmt.Fprintln(stdout)
	return runGate(stdout, stderr, base, next, &g, copts)
}

// gateRunAgainstBaseline runs gateAgainstBaseline on a run held in memory,
// with the per-image values that per_image.csv holds. It is the one call
// eval needs after writing its outputs when --baseline is set.
func gateRunAgainstBaseline(stdout, stderr io.Writer, run *report.Run, g GateFlags) error {
	rows := &report.PerImage{LossKeys: run.LossKeys, MetricKeys: run.MetricKeys}
	for _, m := range run.Models {
		// per_image.csv has no line for a model without rows, so ReadCSV
		// returns no such model either.
		if len(m.Rows) > 0 {
			rows.Models = append(rows.Models, report.PerImageModel{Name: m.Name, Rows: m.Rows})
		}
	}
	return gateAgainstBaseline(stdout, stderr, g.Baseline, report.Summarize(run), rows, g)
}

// runGate compares, writes every output, lists the regressions on stderr
// and returns the exit-status error.
func runGate(stdout, stderr io.Writer, base, next *compare.Result, g *GateFlags, copts compare.Options) error {
	c, err := compare.Compare(base, next, copts)
	if errors.Is(err, compare.ErrThresholdKey) {
		return &FlagError{Err: err}
	}
	if err != nil {
		return err
	}
	for _, m := range c.Mismatches {
		fmt.Fprintf(stderr, "warning: setting %s differs (allowed by --allow-mismatch): baseline %s, new %s\n", m.Setting, m.Baseline, m.New)
	}

	if err := writeComparisonOutputs(stdout, stderr, c, g); err != nil {
		return err
	}

	if !c.Regressed() {
		fmt.Fprintf(stderr, "no regression against the baseline %s\n", base.SummaryPath)
		return nil
	}
	for _, r := range c.Regressions {
		fmt.Fprintf(stderr, "regression: %s\n", r.Message)
	}
	noun := "regressions"
	if len(c.Regressions) == 1 {
		noun = "regression"
	}
	return &StatusError{Code: ExitRegression, Err: fmt.Errorf("%d %s against the baseline %s", len(c.Regressions), noun, base.SummaryPath)}
}

// writeComparisonOutputs writes the --markdown and --json files, and the
// text table, or the Markdown or JSON asked for with "-", to stdout.
func writeComparisonOutputs(stdout, stderr io.Writer, c *compare.Comparison, g *GateFlags) error {
	var markdown, js, text bytes.Buffer
	if err := compare.WriteMarkdown(&markdown, c); err != nil {
		return err
	}
	if err := compare.WriteJSON(&js, c); err != nil {
		return err
	}
	if err := compare.WriteText(&text, c); err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{g.Markdown, markdown.Bytes()}, {g.JSON, js.Bytes()}} {
		if f.path == "" || f.path == "-" {
			continue
		}
		if err := writeFileAtomic(f.path, f.data); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", f.path)
	}

	out := text.Bytes()
	switch {
	case g.Markdown == "-":
		out = markdown.Bytes()
	case g.JSON == "-":
		out = js.Bytes()
	}
	_, err := stdout.Write(out)
	return err
}

package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/birefloss/birefloss/eval"
	"github.com/birefloss/birefloss/report"
)

// thumbnailSide is the longest side, in pixels, of report thumbnails.
const thumbnailSide = 160

// maxListed caps the file names printed per warning kind on stderr; every
// name is in summary.json and report.html.
const maxListed = 5

// runEval runs `birefloss eval`.
func runEval(ctx context.Context, opts *EvalOptions) error {
	eo, err := buildEvalOptions(opts)
	if err != nil {
		return err
	}
	if w := eo.Weights["triplet"]; w != 0 && !opts.Quiet {
		fmt.Fprintf(opts.Stderr, "warning: weight triplet=%v has no effect: BiRefNet builds no criterion for it\n", w)
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("create output folder %s: %w; choose another --out", opts.OutDir, err)
	}
	// Check that the outputs can be written before spending the evaluation.
	probe, err := os.CreateTemp(opts.OutDir, ".birefloss-write-check*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w; choose another --out", opts.OutDir, err)
	}
	probe.Close()
	os.Remove(probe.Name())

	plan, err := eval.NewPlan(eo)
	if err != nil {
		return err
	}
	bar := newProgress(opts, plan.Pairs())
	if bar != nil {
		plan.OnPairDone(func() { _ = bar.Add(1) })
	}
	run, err := plan.Execute(ctx)
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Exit()
		fmt.Fprintln(opts.Stderr)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted: no output written")
		}
		return err
	}

	thumbs := plan.Thumbnails(opts.Thumbnails, thumbnailSide)
	if err := writeOutputs(opts, run, thumbs); err != nil {
		return err
	}
	if !opts.Quiet {
		printWarnings(opts.Stderr, run)
	}
	if opts.Gate.Baseline != "" {
		// With --csv - or --json -, stdout carries that file alone, so the
		// gate's table goes nowhere; its regressions still go to stderr.
		gateStdout := opts.Stdout
		if opts.CSVOut == "-" || opts.JSONOut == "-" {
			gateStdout = nil
		}
		if err := gateRunAgainstBaseline(gateStdout, opts.Stderr, run, opts.Gate); err != nil {
			return err
		}
	}
	return incompleteError(run, opts.AllowIncomplete)
}

// newProgress returns a progress bar on stderr, or nil when stderr is not a
// terminal or --quiet is set, so CI logs stay clean.
func newProgress(opts *EvalOptions, total int) *progressbar.ProgressBar {
	if opts.Quiet || !opts.StderrIsTerminal || total == 0 {
		return nil
	}
	return progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(opts.Stderr),
		progressbar.OptionSetDescription("evaluating"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("pairs"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)
}

// isTerminal reports whether w is a terminal file.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeOutputs writes the three files of --out, the optional --csv and
// --json copies, and the stdout summary.
func writeOutputs(opts *EvalOptions, run *report.Run, thumbs []report.Thumbnail) error {
	var csvBuf, jsonBuf, htmlBuf bytes.Buffer
	if err := report.WriteCSV(&csvBuf, run); err != nil {
		return fmt.Errorf("render per_image.csv: %w", err)
	}
	summary := report.Summarize(run)
	if err := report.WriteJSON(&jsonBuf, summary); err != nil {
		return fmt.Errorf("render summary.json: %w", err)
	}
	if err := report.WriteHTML(&htmlBuf, run, thumbs); err != nil {
		return fmt.Errorf("render report.html: %w", err)
	}
	files := []struct {
		path string
		data []byte
	}{
		{filepath.Join(opts.OutDir, "per_image.csv"), csvBuf.Bytes()},
		{filepath.Join(opts.OutDir, "summary.json"), jsonBuf.Bytes()},
		{filepath.Join(opts.OutDir, "report.html"), htmlBuf.Bytes()},
	}
	if opts.CSVOut != "" && opts.CSVOut != "-" {
		files = append(files, struct {
			path string
			data []byte
		}{opts.CSVOut, csvBuf.Bytes()})
	}
	if opts.JSONOut != "" && opts.JSONOut != "-" {
		files = append(files, struct {
			path string
			data []byte
		}{opts.JSONOut, jsonBuf.Bytes()})
	}
	for _, f := range files {
		if err := writeFileAtomic(f.path, f.data); err != nil {
			return err
		}
		if !opts.Quiet {
			fmt.Fprintf(opts.Stderr, "wrote %s\n", f.path)
		}
	}

	switch {
	case opts.CSVOut == "-":
		_, err := opts.Stdout.Write(csvBuf.Bytes())
		return err
	case opts.JSONOut == "-":
		_, err := opts.Stdout.Write(jsonBuf.Bytes())
		return err
	default:
		return report.WriteTable(opts.Stdout, run)
	}
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path, so a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}

// printWarnings summarises every file problem on stderr, a few names per
// kind; the outputs list them all.
func printWarnings(w io.Writer, run *report.Run) {
	for _, a := range run.GTAmbiguous {
		fmt.Fprintf(w, "warning: GT name %q matches several files (%s); it is left out\n", a.Name, strings.Join(a.Files, ", "))
	}
	for _, m := range run.Models {
		prefix := "warning: "
		if len(run.Models) > 1 {
			prefix = fmt.Sprintf("warning: model %s: ", m.Name)
		}
		listNames(w, prefix, "GT file without a prediction (missing)", "GT files without a prediction (missing)", m.Missing)
		listNames(w, prefix, "prediction without a GT (extra)", "predictions without a GT (extra)", m.Extra)
		for _, a := range m.Ambiguous {
			fmt.Fprintf(w, "%sprediction name %q matches several files (%s); it is left out\n", prefix, a.Name, strings.Join(a.Files, ", "))
		}
		var failed []string
		for _, r := range m.Rows {
			if r.Err != "" {
				failed = append(failed, r.Err)
			}
		}
		listNames(w, prefix, "failed pair", "failed pairs", failed)
		var resized []string
		for _, r := range m.Resized {
			resized = append(resized, fmt.Sprintf("%s (%dx%d to %dx%d)", r.Name, r.FromWidth, r.FromHeight, r.ToWidth, r.ToHeight))
		}
		listNames(w, prefix, "prediction resized to the GT size", "predictions resized to the GT size", resized)
		if len(m.ZeroOne) > 0 {
			hint := "; pass --scale-zero-one to read them as 0 and 255"
			if run.Settings.ScaleZeroOne {
				hint = "; read as 0 and 255 (--scale-zero-one)"
			}
			what := "with only values 0 and 1, probably label maps saved without scaling" + hint
			listNames(w, prefix, "mask "+what, "masks "+what, m.ZeroOne)
		}
		listNames(w, prefix, "other warning", "other warnings", m.Warnings)
	}
}

func listNames(w io.Writer, prefix, singular, plural string, names []string) {
	if len(names) == 0 {
		return
	}
	what := plural
	if len(names) == 1 {
		what = singular
	}
	fmt.Fprintf(w, "%s%d %s:\n", prefix, len(names), what)
	for i, n := range names {
		if i == maxListed {
			fmt.Fprintf(w, "  ... and %d more (all are listed in summary.json and report.html)\n", len(names)-maxListed)
			break
		}
		fmt.Fprintf(w, "  %s\n", n)
	}
}

// incompleteError returns the exit-status error for failed, missing or
// ambiguous pairs, unless they are allowed.
func incompleteError(run *report.Run, allow bool) error {
	failed, missing, ambiguous := 0, 0, len(run.GTAmbiguous)
	for _, m := range run.Models {
		missing += len(m.Missing)
		ambiguous += len(m.Ambiguous)
		for _, r := range m.Rows {
			if r.Err != "" {
				failed++
			}
		}
	}
	if failed+missing+ambiguous == 0 || allow {
		return nil
	}
	return &StatusError{Code: ExitError, Err: fmt.Errorf(
		"incomplete evaluation: %d failed, %d missing and %d ambiguous pairs (the outputs list them; pass --allow-incomplete to exit 0 anyway)",
		failed, missing, ambiguous)}
}

package cmd

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/birefloss/birefloss/eval"
	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/loss"
	"github.com/birefloss/birefloss/metric"
)

// EvalOptions holds the flag values of `birefloss eval`.
type EvalOptions struct {
	Stdout, Stderr io.Writer
	// StderrIsTerminal enables the progress bar.
	StderrIsTerminal bool

	GTDir   string
	Preds   []string // [NAME=]DIR
	Levels  []string // [NAME=]DIR
	Cls     []string // [NAME=]FILE
	OutDir  string
	CSVOut  string // "-" writes per_image.csv to stdout instead of the table
	JSONOut string // "-" writes summary.json to stdout instead of the table

	Task       string
	taskSet    bool
	Weights    string
	ConfigFile string
	Losses     string
	Metrics    string
	HCEMode    string

	Resize       string
	Alpha        bool
	ScaleZeroOne bool
	MaxPixels    int64
	PredPrefix   string
	PredSuffix   string
	GTPrefix     string
	GTSuffix     string

	Workers         int
	AllowIncomplete bool
	Quiet           bool
	Thumbnails      int

	// Gate holds --baseline and the regression thresholds.
	Gate GateFlags
}

func newEvalCmd(runF func(context.Context, *EvalOptions) error) *cobra.Command {
	opts := &EvalOptions{}
	c := &cobra.Command{
		Use:   "eval --gt GT_DIR --pred [NAME=]PRED_DIR [--pred NAME=DIR ...] --out OUT_DIR",
		Short: "Compute loss components and metrics for folders of predicted masks",
		Long: `eval pairs every prediction file with the ground-truth (GT) file of the same
name (without extension), computes BiRefNet's loss components, their
weighted total and the evaluation metrics for each pair, and writes
OUT_DIR/per_image.csv, OUT_DIR/summary.json and OUT_DIR/report.html.
stdout gets a summary table; progress, warnings and "wrote" lines go to stderr.

Masks are read as cv2.imread(path, IMREAD_GRAYSCALE) reads them: RGB as the
truncating luma (9797R + 19234G + 3737B) >> 15, alpha dropped (--alpha uses
it instead), 16-bit as the high byte. A prediction of another size than its
GT is resized to the GT size (--resize). GT names define the evaluation set:
GT files without a prediction are missing, predictions without a GT are
extra, and a name matching two files is ambiguous. All are listed in every
output.

The weighted total uses BiRefNet's preset for --task, then the
lambdas_pix_last map of --config (YAML or JSON) and --weights on top.
--cls gives a CSV of class logits for the classification loss (header
name,label,logit_0,...,logit_{K-1}; label is the 0-based true class).
--level gives a folder of extra prediction levels (side outputs), any size:
each is resized to the GT size with align-corners bilinear interpolation and
adds its weighted components to loss_total, as BiRefNet's PixLoss does.`,
		Example: `  # One model, default DIS5K weights
  birefloss eval --gt data/gt --pred data/pred --out out

  # Three models side by side
  birefloss eval --gt gt --pred A=runs/a --pred B=runs/b --pred C=runs/c --out out

  # General task weights (bce, iou, mae, ssim), with the SSIM weight halved
  birefloss eval --gt gt --pred pred --task General --weights ssim=5 --out out

  # Background-removal cut-outs: the mask is the prediction's alpha channel
  birefloss eval --gt gt --pred cutouts --alpha --out out`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return flagErrorf("eval takes no arguments, got %q: pass folders with --gt and --pred", args)
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Stdout = c.OutOrStdout()
			opts.Stderr = c.ErrOrStderr()
			opts.StderrIsTerminal = isTerminal(opts.Stderr)
			opts.taskSet = c.Flags().Changed("task")
			if c.Flags().Changed("markdown") && opts.Gate.Markdown == "" {
				return flagErrorf("--markdown is empty: give a file path (if you passed a variable such as $GITHUB_STEP_SUMMARY, it is not set)")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runEval(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.GTDir, "gt", "", "folder of ground-truth masks (required)")
	f.StringArrayVar(&opts.Preds, "pred", nil, "folder of predicted masks, as DIR or NAME=DIR; repeat for several models (required)")
	f.StringArrayVar(&opts.Levels, "level", nil, "folder of extra prediction levels (side outputs) of a model, as DIR or NAME=DIR; repeatable")
	f.StringArrayVar(&opts.Cls, "cls", nil, "CSV of class logits per image for the classification loss, as FILE or NAME=FILE")
	f.StringVar(&opts.OutDir, "out", "", "output folder for per_image.csv, summary.json and report.html (required; created if missing)")
	f.StringVar(&opts.CSVOut, "csv", "", "also write per_image.csv to this path; - writes it to stdout instead of the summary table")
	f.StringVar(&opts.JSONOut, "json", "", "also write summary.json to this path; - writes it to stdout instead of the summary table")
	f.StringVar(&opts.Task, "task", "DIS5K", "BiRefNet task whose loss weights apply: "+strings.Join(loss.Tasks, ", "))
	f.StringVar(&opts.Weights, "weights", "", "weight overrides as key=value,... with BiRefNet's keys (bce, iou, iou_patch, ssim, mae, mse, reg, cnt, structure, and triplet, which has no effect)")
	f.StringVar(&opts.ConfigFile, "config", "", "YAML or JSON file with a lambdas_pix_last map (and optional lambdas_cls, task)")
	f.StringVar(&opts.Losses, "losses", "all", "loss components to report: all, none, or a comma list of keys")
	f.StringVar(&opts.Metrics, "metrics", "default", "metrics to report: default (every metric but hce, mba and biou), all, none, or a comma list of names (mae, mse, sm, em, fm, wfm, handlers or iou, dice, pre, rec, spec, ber, fpr, oa, kappa, f1, auc, hce, mba, biou)")
	f.StringVar(&opts.HCEMode, "hce-mode", "dis", "HCE variant: dis (prediction > 128 in 8-bit levels, as the DIS and BiRefNet scripts) or pysodmetrics (stretched prediction > 0.5)")
	f.StringVar(&opts.Resize, "resize", "bilinear", "how a prediction of another size is brought to the GT size: bilinear (OpenCV INTER_LINEAR), align-corners (PyTorch), or error")
	f.BoolVar(&opts.Alpha, "alpha", false, "read each prediction's mask from its alpha channel (cut-out PNGs from background-removal tools); GT masks are read as grey")
	f.BoolVar(&opts.ScaleZeroOne, "scale-zero-one", false, "read masks whose only values are 0 and 1 as 0 and 255")
	f.Int64Var(&opts.MaxPixels, "max-pixels", imgio.DefaultMaxPixels, "reject an image whose header claims more pixels than this")
	f.StringVar(&opts.PredPrefix, "pred-prefix", "", "prefix stripped from prediction file names before pairing")
	f.StringVar(&opts.PredSuffix, "pred-suffix", "", "suffix stripped from prediction file names (before the extension) before pairing, e.g. _sal_fuse")
	f.StringVar(&opts.GTPrefix, "gt-prefix", "", "prefix stripped from GT file names before pairing")
	f.StringVar(&opts.GTSuffix, "gt-suffix", "", "suffix stripped from GT file names (before the extension) before pairing")
	f.IntVar(&opts.Workers, "workers", runtime.NumCPU(), "number of pairs computed at once")
	f.BoolVar(&opts.AllowIncomplete, "allow-incomplete", false, "exit 0 even when pairs failed or GT files are missing or ambiguous")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress bar and no per-file warnings on stderr")
	f.IntVar(&opts.Thumbnails, "thumbnails", 10, "number of worst images per model shown with thumbnails in report.html")
	addGateFlags(f, &opts.Gate)
	return c
}

// modelSpecs parses the --pred values into models with unique names.
func modelSpecs(preds []string) ([]eval.Model, error) {
	if len(preds) == 0 {
		return nil, flagErrorf("missing --pred: give at least one folder of predicted masks")
	}
	var models []eval.Model
	seen := map[string]bool{}
	for _, v := range preds {
		name, dir := splitNamed(v)
		if dir == "" || strings.HasPrefix(v, "=") {
			return nil, flagErrorf("invalid --pred %q: expected DIR or NAME=DIR", v)
		}
		if name == "" {
			name = defaultModelName(dir)
		}
		if seen[name] {
			return nil, flagErrorf("model name %q is given twice; name the models with --pred NAME=DIR", name)
		}
		seen[name] = true
		models = append(models, eval.Model{Name: name, PredDir: dir})
	}
	return models, nil
}

// splitNamed splits NAME=VALUE; a value without '=' has no name. A Windows
// drive letter or a path containing '=' after a separator keeps its '='.
func splitNamed(v string) (name, value string) {
	i := strings.Index(v, "=")
	if i <= 0 || strings.ContainsAny(v[:i], `/\`) {
		return "", v
	}
	return v[:i], v[i+1:]
}

// defaultModelName names a model after its folder, without a "pred-" or
// "pred_" prefix (pred-Amulet → Amulet).
func defaultModelName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs // so that "." and ".." are named after the folder
	}
	base := filepath.Base(filepath.Clean(dir))
	for _, p := range []string{"pred-", "pred_"} {
		if strings.HasPrefix(base, p) && len(base) > len(p) {
			return base[len(p):]
		}
	}
	return base
}

// attachNamed assigns --level or --cls values to models: NAME=VALUE to the
// named model, a bare VALUE to the only model.
func attachNamed(flag string, values []string, models []eval.Model, set func(m *eval.Model, v string) error) error {
	for _, v := range values {
		name, value := splitNamed(v)
		var target *eval.Model
		switch {
		case name == "" && len(models) == 1:
			target = &models[0]
		case name == "":
			return flagErrorf("--%s %q: name the model with --%s NAME=%s when there are several models", flag, v, flag, value)
		default:
			for i := range models {
				if models[i].Name == name {
					target = &models[i]
				}
			}
			if target == nil {
				return flagErrorf("--%s %q: no model named %q (models: %s)", flag, v, name, modelNames(models))
			}
		}
		if err := set(target, value); err != nil {
			return err
		}
	}
	return nil
}

func modelNames(models []eval.Model) string {
	var names []string
	for _, m := range models {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}

// buildEvalOptions validates the flags and turns them into eval.Options.
func buildEvalOptions(opts *EvalOptions) (eval.Options, error) {
	var eo eval.Options
	if err := checkGateFlags(&opts.Gate); err != nil {
		return eo, err
	}
	if opts.GTDir == "" {
		return eo, flagErrorf("missing --gt: give the folder of ground-truth masks")
	}
	if opts.OutDir == "" {
		return eo, flagErrorf("missing --out: give the folder to write per_image.csv, summary.json and report.html to")
	}
	if opts.Workers < 1 {
		return eo, flagErrorf("invalid --workers %d: must be at least 1", opts.Workers)
	}
	if opts.MaxPixels < 1 {
		return eo, flagErrorf("invalid --max-pixels %d: must be at least 1", opts.MaxPixels)
	}
	if opts.CSVOut == "-" && opts.JSONOut == "-" {
		return eo, flagErrorf("--csv - and --json - both ask for stdout: write one of them to a file")
	}
	if opts.Thumbnails < 0 {
		return eo, flagErrorf("invalid --thumbnails %d: must be 0 or more", opts.Thumbnails)
	}
	models, err := modelSpecs(opts.Preds)
	if err != nil {
		return eo, err
	}
	if err := checkFolder("--gt", opts.GTDir); err != nil {
		return eo, err
	}
	for _, m := range models {
		if err := checkFolder("--pred", m.PredDir); err != nil {
			return eo, err
		}
	}
	err = attachNamed("level", opts.Levels, models, func(m *eval.Model, dir string) error {
		if err := checkFolder("--level", dir); err != nil {
			return err
		}
		m.Levels = append(m.Levels, dir)
		return nil
	})
	if err != nil {
		return eo, err
	}
	err = attachNamed("cls", opts.Cls, models, func(m *eval.Model, file string) error {
		if m.Cls != nil {
			return flagErrorf("--cls: model %q has two classification files", m.Name)
		}
		samples, err := readClsFile(file)
		if err != nil {
			return err
		}
		m.Cls, m.ClsFile = samples, file
		return nil
	})
	if err != nil {
		return eo, err
	}

	resize, err := imgio.ParseResizeMode(opts.Resize)
	if err != nil {
		return eo, flagErrorf("--resize: %v", err)
	}
	losses, err := loss.ParseSet(opts.Losses)
	if err != nil {
		return eo, flagErrorf("--losses: %v", err)
	}
	metricsOff := strings.TrimSpace(opts.Metrics) == "none"
	var metrics metric.Set
	if !metricsOff {
		metrics, err = metric.ParseSet(opts.Metrics)
		if err != nil {
			return eo, flagErrorf("--metrics: %v", err)
		}
	}
	hceMode, err := metric.ParseHCEMode(opts.HCEMode)
	if err != nil {
		return eo, flagErrorf("--hce-mode: %v", err)
	}
	metrics = metrics.WithHCEMode(hceMode)
	if losses == (loss.Set{}) && metricsOff {
		return eo, flagErrorf("nothing to compute: --losses none and --metrics none switch everything off")
	}
	weights, clsWeight, task, err := resolveWeights(opts)
	if err != nil {
		return eo, err
	}

	eo = eval.Options{
		GTDir:        opts.GTDir,
		Models:       models,
		Read:         imgio.ReadOptions{Alpha: opts.Alpha, MaxPixels: opts.MaxPixels},
		ScaleZeroOne: opts.ScaleZeroOne,
		Pair: imgio.PairOptions{
			PredPrefix: opts.PredPrefix, PredSuffix: opts.PredSuffix,
			GTPrefix: opts.GTPrefix, GTSuffix: opts.GTSuffix,
		},
		Resize:     resize,
		Losses:     losses,
		Weights:    weights,
		ClsWeight:  clsWeight,
		Task:       task,
		Config:     opts.ConfigFile,
		Metrics:    metrics,
		MetricsOff: metricsOff,
		Workers:    opts.Workers,
		Version:    Version,
	}
	return eo, nil
}

// resolveWeights applies, in order, the task preset, the config file and
// the --weights overrides.
func resolveWeights(opts *EvalOptions) (loss.Weights, float64, string, error) {
	task := opts.Task
	var cfg loss.Config
	if opts.ConfigFile != "" {
		data, err := os.ReadFile(opts.ConfigFile)
		if err != nil {
			return nil, 0, "", flagErrorf("invalid --config: %v", err)
		}
		cfg, err = loss.ParseConfig(data)
		if err != nil {
			return nil, 0, "", flagErrorf("invalid --config %s: %v", opts.ConfigFile, err)
		}
		if cfg.LambdasPixLast == nil && cfg.LambdasCls == nil && cfg.Task == "" {
			return nil, 0, "", flagErrorf("invalid --config %s: it has none of the keys lambdas_pix_last, lambdas_cls and task (check their spelling)", opts.ConfigFile)
		}
		if cfg.Task != "" && !opts.taskSet {
			task = cfg.Task
		}
	}
	weights, err := loss.Preset(task)
	if err != nil {
		return nil, 0, "", flagErrorf("--task: %v", err)
	}
	if cfg.LambdasPixLast != nil {
		weights, err = weights.Apply(cfg.LambdasPixLast)
		if err != nil {
			return nil, 0, "", flagErrorf("invalid --config %s: lambdas_pix_last: %v", opts.ConfigFile, err)
		}
	}
	if opts.Weights != "" {
		overrides, err := loss.ParseWeights(opts.Weights)
		if err != nil {
			return nil, 0, "", flagErrorf("--weights: %v", err)
		}
		weights, err = weights.Apply(overrides)
		if err != nil {
			return nil, 0, "", flagErrorf("--weights: %v", err)
		}
	}
	for key, v := range weights {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, "", flagErrorf("invalid weight %s=%v: a loss weight must be a finite number of 0 or more", key, v)
		}
	}
	clsWeight := loss.DefaultClsWeight
	for key, v := range cfg.LambdasCls {
		if key != "ce" {
			return nil, 0, "", flagErrorf("invalid --config %s: lambdas_cls has key %q: the only key is ce (the cross-entropy weight)", opts.ConfigFile, key)
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, "", flagErrorf("invalid --config %s: lambdas_cls ce=%v: the weight must be a finite number of 0 or more", opts.ConfigFile, v)
		}
		clsWeight = v
	}
	return weights, clsWeight, task, nil
}

func readClsFile(path string) (map[string]eval.ClsSample, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, flagErrorf("invalid --cls: %v", err)
	}
	defer f.Close()
	samples, err := eval.ReadClsCSV(f)
	if err != nil {
		return nil, flagErrorf("invalid --cls %s: %v", path, err)
	}
	return samples, nil
}

// checkFolder returns a usage error unless dir is an existing folder.
func checkFolder(flag, dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return flagErrorf("invalid %s: folder %s does not exist", flag, dir)
	case err != nil:
		return flagErrorf("invalid %s: %v", flag, err)
	case !info.IsDir():
		return flagErrorf("invalid %s: %s is a file, not a folder of masks", flag, dir)
	}
	return nil
}

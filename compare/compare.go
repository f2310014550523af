package compare

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/birefloss/birefloss/report"
)

// SchemaVersion is the version of the comparison JSON layout that
// WriteJSON writes. It changes whenever a field is renamed, removed or
// changes meaning.
const SchemaVersion = 1

// ErrThresholdKey marks a threshold whose key is not a value of either
// result, or a key without a known direction.
var ErrThresholdKey = errors.New("invalid threshold key")

// Options configures Compare.
type Options struct {
	// MaxRegress holds the thresholds of the dataset values (loss means and
	// dataset metrics). When it is empty, every dataset value with a known
	// direction gets threshold 0, so any worsening is a regression.
	MaxRegress Thresholds
	// MaxImageRegress holds the thresholds of the per-image values. When it
	// is empty, per-image values are compared but never regress. Setting it
	// requires per_image.csv on both sides.
	MaxImageRegress Thresholds
	// AllowMismatch compares results whose settings differ; the differences
	// are recorded in Comparison.Mismatches.
	AllowMismatch bool
	// AllowMissing keeps images and models that the baseline evaluated and
	// the new run lacks from counting as regressions. They are still listed.
	AllowMissing bool
}

// Status classifies one change.
type Status string

const (
	StatusUnchanged Status = "unchanged" // bit-identical values, or NaN on both sides
	StatusBetter    Status = "better"
	// StatusWorse is a worsening within its threshold, or of a value
	// without one.
	StatusWorse Status = "worse"
	// StatusRegression is a worsening beyond its threshold, including a
	// value that became NaN.
	StatusRegression Status = "regression"
	// StatusChanged is a change of a key without a known direction.
	StatusChanged Status = "changed"
)

// Directions of a key, as recorded in Change.Direction.
const (
	LowerIsBetter    = "lower_is_better"
	HigherIsBetter   = "higher_is_better"
	UnknownDirection = "unknown"
)

// Change is the change of one value from the baseline to the new run.
type Change struct {
	Key   string `json:"key"`
	Image string `json:"image,omitempty"` // empty for a dataset value
	// Baseline and New are null in JSON where the value is NaN.
	Baseline report.Float `json:"baseline"`
	New      report.Float `json:"new"`
	Delta    report.Float `json:"delta"` // New − Baseline
	// Relative is Delta / |Baseline|, NaN when Baseline is 0 or NaN.
	Relative  report.Float `json:"relative"`
	Direction string       `json:"direction"`
	// Threshold is the gate applied to this value, nil when it is not gated.
	Threshold *Threshold `json:"threshold,omitempty"`
	Status    Status     `json:"status"`
}

// Source names the files of one side.
type Source struct {
	Summary       string `json:"summary"`
	PerImage      string `json:"per_image"` // empty when there was no per_image.csv
	ToolVersion   string `json:"tool_version"`
	SchemaVersion int    `json:"schema_version"`
}

// ImageKeyStats counts the per-image changes of one key of one model. Each
// image evaluated on both sides counts under exactly one status.
type ImageKeyStats struct {
	Key        string     `json:"key"`
	Direction  string     `json:"direction"`
	Threshold  *Threshold `json:"threshold,omitempty"`
	Compared   int        `json:"compared"`
	Unchanged  int        `json:"unchanged"`
	Better     int        `json:"better"`
	Worse      int        `json:"worse"`
	Regression int        `json:"regression"`
	Changed    int        `json:"changed"`
	// MaxWorsening and MaxImprovement are the images whose value got worse,
	// or better, by the largest amount; nil when none did. A value that
	// became NaN counts as the largest worsening.
	MaxWorsening   *Change `json:"max_worsening"`
	MaxImprovement *Change `json:"max_improvement"`
}

// MissingImage is an image that the baseline evaluated and the new run did
// not.
type MissingImage struct {
	Name string `json:"name"`
	// Reason is "absent" (not in the new run's GT set), "missing" (no
	// prediction) or "failed" (the pair failed, and Error is the reason).
	Reason string `json:"reason"`
	Error  string `json:"error,omitempty"`
}

// ModelComparison is the comparison of one model present on both sides.
type ModelComparison struct {
	Baseline string `json:"baseline"` // model name in the baseline
	New      string `json:"new"`      // model name in the new run
	// Dataset holds a change for every dataset key of both sides, losses
	// first.
	Dataset            []Change `json:"dataset"`
	KeysOnlyInBaseline []string `json:"keys_only_in_baseline"`
	KeysOnlyInNew      []string `json:"keys_only_in_new"`
	// PerImage is true when both sides had per_image.csv. Without it,
	// ImageKeys and ImageChanges are empty and missing images are found
	// from the summaries' missing and failed lists only.
	PerImage  bool            `json:"per_image"`
	ImageKeys []ImageKeyStats `json:"image_keys"`
	// ImageChanges lists, for the keys gated per image and for the primary
	// key (loss_total, else sm), every image whose value changed, in key
	// then image order.
	ImageChanges  []Change       `json:"image_changes"`
	MissingImages []MissingImage `json:"missing_images"`
	// NewImages were evaluated by the new run and not by the baseline.
	NewImages []string `json:"new_images"`
}

// Regression kinds.
const (
	KindValue        = "value"         // a dataset value
	KindImageValue   = "image_value"   // a per-image value
	KindMissingImage = "missing_image" // an image the new run lacks
	KindMissingModel = "missing_model" // a model the new run lacks
)

// Regression is one reason the new run fails the gate.
type Regression struct {
	Kind    string `json:"kind"`
	Model   string `json:"model"`
	Image   string `json:"image,omitempty"`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"` // a full sentence naming the model
}

// Comparison is the result of Compare.
type Comparison struct {
	SchemaVersion   int        `json:"schema_version"`
	Baseline        Source     `json:"baseline"`
	New             Source     `json:"new"`
	MaxRegress      Thresholds `json:"max_regress"`
	MaxImageRegress Thresholds `json:"max_image_regress"`
	AllowMismatch   bool       `json:"allow_mismatch"`
	AllowMissing    bool       `json:"allow_missing"`
	// Mismatches are the settings that differ; not empty only when
	// AllowMismatch was set.
	Mismatches           []Mismatch        `json:"mismatches"`
	Models               []ModelComparison `json:"models"`
	ModelsOnlyInBaseline []string          `json:"models_only_in_baseline"`
	ModelsOnlyInNew      []string          `json:"models_only_in_new"`
	// Regressions lists every reason the gate fails; empty when it passes.
	Regressions []Regression `json:"regressions"`
}

// Regressed reports whether the new run fails the gate.
func (c *Comparison) Regressed() bool { return len(c.Regressions) > 0 }

// Compare compares next against base. It returns a *MismatchError when the
// settings differ and opts.AllowMismatch is false, and an error wrapping
// ErrThresholdKey when a threshold names a key that neither side has or
// whose direction is unknown. Regressions are not errors: they are listed
// in the returned Comparison.
func Compare(base, next *Result, opts Options) (*Comparison, error) {
	if len(opts.MaxRegress) == 0 {
		opts.MaxRegress = Thresholds{AnyKey: {}}
	}
	if opts.MaxImageRegress == nil {
		opts.MaxImageRegress = Thresholds{}
	}
	if err := checkThresholdKeys(base, next, opts); err != nil {
		return nil, err
	}
	mismatches := settingMismatches(base, next)
	if len(mismatches) > 0 && !opts.AllowMismatch {
		return nil, &MismatchError{Mismatches: mismatches}
	}

	c := &Comparison{
		SchemaVersion:        SchemaVersion,
		Baseline:             source(base),
		New:                  source(next),
		MaxRegress:           opts.MaxRegress,
		MaxImageRegress:      opts.MaxImageRegress,
		AllowMismatch:        opts.AllowMismatch,
		AllowMissing:         opts.AllowMissing,
		Mismatches:           nonNilSlice(mismatches),
		Models:               []ModelComparison{},
		ModelsOnlyInBaseline: []string{},
		ModelsOnlyInNew:      []string{},
		Regressions:          []Regression{},
	}
	pairs, onlyBase, onlyNew := matchModels(base.Summary, next.Summary)
	c.ModelsOnlyInNew = append(c.ModelsOnlyInNew, onlyNew...)
	for _, name := range onlyBase {
		c.ModelsOnlyInBaseline = append(c.ModelsOnlyInBaseline, name)
		if !opts.AllowMissing {
			c.Regressions = append(c.Regressions, Regression{
				Kind:    KindMissingModel,
				Model:   name,
				Message: fmt.Sprintf("model %s: in the baseline but not in the new run", name),
			})
		}
	}
	for _, p := range pairs {
		mc := compareModel(base, next, p[0], p[1], opts)
		c.Models = append(c.Models, mc)
		c.Regressions = append(c.Regressions, modelRegressions(&mc, opts)...)
	}
	return c, nil
}

func source(r *Result) Source {
	return Source{
		Summary:       r.SummaryPath,
		PerImage:      r.PerImagePath,
		ToolVersion:   r.Summary.Tool.Version,
		SchemaVersion: r.Summary.SchemaVersion,
	}
}

// matchModels pairs models by name. When each side has exactly one model,
// they are paired whatever their names, since a model named after its
// folder often changes name between runs.
func matchModels(base, next *report.Summary) (pairs [][2]int, onlyBase, onlyNew []string) {
	if len(base.Models) == 1 && len(next.Models) == 1 {
		return [][2]int{{0, 0}}, nil, nil
	}
	nextIndex := make(map[string]int, len(next.Models))
	for i, m := range next.Models {
		nextIndex[m.Name] = i
	}
	matched := make(map[string]bool)
	for bi, m := range base.Models {
		ni, ok := nextIndex[m.Name]
		if !ok {
			onlyBase = append(onlyBase, m.Name)
			continue
		}
		pairs = append(pairs, [2]int{bi, ni})
		matched[m.Name] = true
	}
	for _, m := range next.Models {
		if !matched[m.Name] {
			onlyNew = append(onlyNew, m.Name)
		}
	}
	return pairs, onlyBase, onlyNew
}

// checkThresholdKeys rejects a threshold whose key neither side has, or
// whose direction is unknown, and per-image thresholds without per-image
// values on both sides.
func checkThresholdKeys(base, next *Result, opts Options) error {
	datasetKeys := map[string]bool{}
	for _, r := range []*Result{base, next} {
		for _, m := range r.Summary.Models {
			for _, k := range datasetKeyOrder(r.Summary, &m) {
				datasetKeys[k] = true
			}
		}
	}
	if err := checkKeys("max_regress", "dataset", opts.MaxRegress, datasetKeys); err != nil {
		return err
	}

	if len(opts.MaxImageRegress) == 0 {
		return nil
	}
	for _, r := range []*Result{base, next} {
		if r.PerImage == nil {
			return fmt.Errorf("per-image thresholds need per_image.csv beside %s", r.SummaryPath)
		}
	}
	imageKeys := map[string]bool{}
	for _, r := range []*Result{base, next} {
		for _, k := range append(slices.Clone(r.PerImage.LossKeys), r.PerImage.MetricKeys...) {
			imageKeys[k] = true
		}
	}
	return checkKeys("max_image_regress", "per-image", opts.MaxImageRegress, imageKeys)
}

func checkKeys(section, kind string, ts Thresholds, known map[string]bool) error {
	for _, key := range ts.keys() {
		if !known[key] {
			list := make([]string, 0, len(known))
			for k := range known {
				list = append(list, k)
			}
			slices.Sort(list)
			return fmt.Errorf("%w %q in %s: no %s value has that key; the keys are %s",
				ErrThresholdKey, key, section, kind, strings.Join(list, ", "))
		}
		if _, ok := report.Direction(key); !ok {
			return fmt.Errorf("%w %q in %s: it is unknown whether a lower or a higher value is better, so it cannot be gated",
				ErrThresholdKey, key, section)
		}
	}
	return nil
}

// datasetKeyOrder returns the dataset keys of m: the loss columns in
// column order, then the dataset metrics in the order of
// report.SavedScalarKeys.
func datasetKeyOrder(s *report.Summary, m *report.ModelSummary) []string {
	var keys []string
	for _, k := range s.Columns.Losses {
		if _, ok := m.Losses[k]; ok {
			keys = append(keys, k)
		}
	}
	return append(keys, report.SavedScalarKeys(s, m)...)
}

// datasetValue returns the dataset value of key: the mean of a loss column
// or a dataset metric.
func datasetValue(m *report.ModelSummary, key string) (float64, bool) {
	if st, ok := m.Losses[key]; ok {
		return float64(st.Mean), true
	}
	if v, ok := m.Metrics[key]; ok {
		return float64(v), true
	}
	return 0, false
}

// newChange builds the change of key from b to n, classified against t,
// which is nil when the value is not gated. It also returns the
// worsening: how much worse n is than b in the key's direction. The
// worsening is NaN when n became NaN and -Inf when b was NaN.
func newChange(key, image string, b, n float64, t *Threshold) (Change, float64) {
	c := Change{
		Key:      key,
		Image:    image,
		Baseline: report.Float(b),
		New:      report.Float(n),
		Delta:    report.Float(n - b),
		Relative: report.Float(math.NaN()),
	}
	if b != 0 && !math.IsNaN(b) {
		c.Relative = report.Float((n - b) / math.Abs(b))
	}
	lower, known := report.Direction(key)
	switch {
	case !known:
		c.Direction = UnknownDirection
	case lower:
		c.Direction = LowerIsBetter
	default:
		c.Direction = HigherIsBetter
	}
	if known {
		c.Threshold = t
	}

	if b == n || (math.IsNaN(b) && math.IsNaN(n)) {
		c.Status = StatusUnchanged
		return c, 0
	}
	if !known {
		c.Status = StatusChanged
		return c, 0
	}
	var worsening float64
	switch {
	case math.IsNaN(n):
		worsening = math.NaN()
	case math.IsNaN(b):
		worsening = math.Inf(-1)
	case lower:
		worsening = n - b
	default:
		worsening = b - n
	}
	switch {
	case worsening < 0:
		c.Status = StatusBetter
	case t != nil && t.exceeded(b, worsening):
		c.Status = StatusRegression
	default:
		c.Status = StatusWorse
	}
	return c, worsening
}

func thresholdFor(ts Thresholds, key string) *Threshold {
	t, ok := ts.For(key)
	if !ok {
		return nil
	}
	return &t
}

func nonNilSlice[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

package report

// Run is everything one evaluation produced, in input order. The eval
// package fills it; the writers in this package render it.
type Run struct {
	Tool     string // "birefloss"
	Version  string
	Settings Settings
	// LossKeys are the per-image loss columns in output order, each with the
	// "loss_" prefix ("loss_bce", ..., "loss_cls", "loss_total").
	LossKeys []string
	// MetricKeys are the per-image metric columns in output order ("mae",
	// "sm", "em_adp", ...).
	MetricKeys []string
	Models     []Model
	// GTAmbiguous lists GT names that match more than one GT file; they are
	// left out of every model's evaluation.
	GTAmbiguous []Ambiguous
	// GTCount is the number of GT names that define the evaluation set.
	GTCount int
}

// Settings are the options that decide the numbers. Two runs with equal
// Settings and equal input files give identical results.
type Settings struct {
	GTDir        string             `json:"gt_dir"`
	Task         string             `json:"task"`
	Weights      map[string]float64 `json:"weights"`        // lambdas_pix_last in force
	ClsWeights   map[string]float64 `json:"cls_weights"`    // lambdas_cls in force
	Resize       string             `json:"resize"`         // "bilinear", "align-corners" or "error"
	Alpha        bool               `json:"alpha"`          // mask read from the alpha channel
	ScaleZeroOne bool               `json:"scale_zero_one"` // {0,1} masks read as {0,255}
	MaxPixels    int64              `json:"max_pixels"`
	PredPrefix   string             `json:"pred_prefix"`
	PredSuffix   string             `json:"pred_suffix"`
	GTPrefix     string             `json:"gt_prefix"`
	GTSuffix     string             `json:"gt_suffix"`
	Losses       []string           `json:"losses"`  // enabled loss components
	Metrics      []string           `json:"metrics"` // enabled metrics
	HCEMode      string             `json:"hce_mode,omitempty"`
	ConfigFile   string             `json:"config_file,omitempty"`
}

// Model is one prediction folder and its results.
type Model struct {
	Name    string
	PredDir string
	// Levels are extra prediction folders (side outputs) whose weighted
	// components are added to loss_total.
	Levels  []string
	ClsFile string
	Rows    []Row // one per evaluated GT name, in GT name order, failed ones included
	// Dataset metric values and 256-point curves (ascending threshold).
	Scalars []Named
	Curves  []Curve

	Missing   []string    // GT names without a prediction
	Extra     []string    // prediction files without a GT
	Ambiguous []Ambiguous // prediction names matching more than one file
	Resized   []Resized
	ZeroOne   []string // files whose only values are 0 and 1
	Warnings  []string // other per-file caveats, each naming the file
}

// Row is one (model, image) pair. Values are aligned with Run.LossKeys
// followed by Run.MetricKeys; NaN marks an undefined value. A failed pair
// has Err set and every value NaN.
type Row struct {
	Name          string
	GTFile        string
	PredFile      string
	Height, Width int // of the GT
	Resized       bool
	Values        []float64
	Err           string // empty unless the pair failed
}

// Named is a dataset-level scalar.
type Named struct {
	Key   string
	Value float64
}

// Curve is a dataset-level curve over the 256 thresholds t = 0..255.
type Curve struct {
	Key    string
	Values []float64
}

// Ambiguous is a name that matches several files in one folder.
type Ambiguous struct {
	Name  string
	Files []string
}

// Resized records a prediction that was resized to its GT size.
type Resized struct {
	Name                  string
	FromWidth, FromHeight int
	ToWidth, ToHeight     int
}

// Thumbnail is a small rendering of one pair for the worst-images table,
// as PNG bytes.
type Thumbnail struct {
	Model, Name  string
	GT, Pred     []byte // PNG
	ErrorOverlay []byte // PNG: false positives and false negatives in two colours
}

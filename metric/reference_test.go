package metric

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The reference values in testdata/reference come from PySODMetrics 1.6.2
// (lartpang/PySODMetrics at ac5b1fc, numpy 1.24.2, scipy 1.10.1) run on the
// masks next to them, read with OpenCV's IMREAD_GRAYSCALE.

const referenceTol = 1e-6

// handlerGroups lists the handler groups in column order.
var handlerGroups = []group{groupIoU, groupDice, groupPre, groupRec, groupSpec, groupBER, groupFPR, groupOA, groupKappa, groupF1}

// referenceSet is one folder of reference values and the masks they came from.
type referenceSet struct {
	name     string
	dir      string // contains metrics.csv and metrics.json
	gtDir    string
	predDir  string
	slow     bool // skipped under -short
	resizing bool // has resized pairs, so dataset values are compared on the other rows only
}

var referenceSets = []referenceSet{
	{name: "synthetic-metrics", dir: "synthetic-metrics", gtDir: "reference/synthetic-metrics/gt", predDir: "reference/synthetic-metrics/pred", resizing: true},
	{name: "synthetic-loss", dir: "synthetic-loss", gtDir: "reference/synthetic-loss/gt", predDir: "reference/synthetic-loss/pred", resizing: true},
	{name: "pysodmetrics", dir: "real/pysodmetrics/sample", gtDir: "real/pysodmetrics/gt", predDir: "real/pysodmetrics/pred-sample"},
	{name: "sod-300-Amulet", dir: "real/sod-300/Amulet", gtDir: "real/sod-300/gt", predDir: "real/sod-300/pred-Amulet"},
	{name: "sod-300-DSS", dir: "real/sod-300/DSS", gtDir: "real/sod-300/gt", predDir: "real/sod-300/pred-DSS"},
	{name: "sod-300-PiCANet", dir: "real/sod-300/PiCANet", gtDir: "real/sod-300/gt", predDir: "real/sod-300/pred-PiCANet"},
	{name: "soc-ac-ICON", dir: "real/soc-ac/ICON", gtDir: "real/soc-ac/gt", predDir: "real/soc-ac/pred-ICON"},
	{name: "dis5k-vd-DIS-SAM", dir: "real/dis5k-vd/DIS-SAM", gtDir: "real/dis5k-vd/gt", predDir: "real/dis5k-vd/pred-DIS-SAM", slow: true},
}

// referenceRow is one row of a reference metrics.csv.
type referenceRow map[string]string

func (r referenceRow) value(t *testing.T, column string) float64 {
	t.Helper()
	s, ok := r[column]
	if !ok {
		t.Fatalf("reference column %q missing", column)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("reference column %q: %v", column, err)
	}
	return v
}

func readReferenceCSV(t *testing.T, path string) []referenceRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var rows []referenceRow
	for _, rec := range records[1:] {
		row := referenceRow{}
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// referenceJSON is the part of metrics.json the tests read. null becomes NaN.
type referenceJSON struct {
	Metrics map[string]*float64   `json:"metrics"`
	Curves  map[string][]*float64 `json:"curves"`
}

func readReferenceJSON(t *testing.T, path string) referenceJSON {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ref referenceJSON
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return ref
}

func nullable(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

// loadPair reads a GT and its prediction and returns the prediction as P/255.
func loadPair(t *testing.T, gtPath, predPath string) (gt []uint8, pred []float64, width, height int) {
	t.Helper()
	gt, width, height, err := readGreyPNG(gtPath)
	if err != nil {
		t.Fatal(err)
	}
	p, pw, ph, err := readGreyPNG(predPath)
	if err != nil {
		t.Fatal(err)
	}
	if pw != width || ph != height {
		t.Fatalf("%s is %d×%d but its GT is %d×%d", predPath, pw, ph, width, height)
	}
	pred = make([]float64, len(p))
	for i, v := range p {
		pred[i] = float64(v) / 255
	}
	return gt, pred, width, height
}

// approxEqual reports whether got is within tol of want, relative to |want|
// when |want| > 1. Two NaNs are equal.
func approxEqual(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkValue(t *testing.T, label string, got, want, tol float64) {
	t.Helper()
	if !approxEqual(got, want, tol) {
		t.Errorf("%s = %.17g, want %.17g (diff %.3g)", label, got, want, got-want)
	}
}

// libraryKappa is PySODMetrics 1.6.2's KappaHandler, whose chance agreement
// has (TN + FN)(TN + TP) as its second product. birefloss reports Cohen's
// kappa instead, so the tests compute the library's formula from birefloss's
// counts to check those counts against the reference.
func libraryKappa(c confusion) float64 {
	n := c.tp + c.fp + c.tn + c.fn
	agreement := divide(c.tp+c.tn, n)
	chance := divide((c.tp+c.fp)*(c.tp+c.fn)+(c.tn+c.fn)*(c.tn+c.tp), n*n)
	return divide(agreement-chance, 1-chance)
}

func libraryKappaCurve(img *Image) [256]float64 {
	var c [256]float64
	for t := range c {
		c[t] = libraryKappa(newConfusion(confusionCounts{tp: img.tp[t], fp: img.fp[t]}, img.fg, img.n))
	}
	return c
}

// referenceColumns maps birefloss's per-image keys to reference columns.
func referenceColumns() map[string]string {
	m := map[string]string{
		"mae": "MAE", "sm": "Sm", "wfm": "wFm", "hce": "HCE",
		"em_adp": "adpEm", "em_mean": "img_meanEm", "em_max": "img_maxEm",
		"fm_adp": "adpFm", "fm_mean": "img_meanFm", "fm_max": "img_maxFm",
	}
	for _, g := range handlerGroups {
		h := groupNames[g]
		m[h+"_adp"] = "adp_" + h
		m[h+"_mean"] = "img_mean_" + h
		m[h+"_max"] = "img_max_" + h
		m[h+"_bin"] = "bin_" + h
	}
	return m
}

// datasetColumns maps birefloss's dataset keys to metrics.json keys.
func datasetColumns() map[string]string {
	m := map[string]string{
		"mae": "MAE", "sm": "Sm", "wfm": "wFm", "hce": "HCE",
		"em_adp": "adpEm", "em_mean": "meanEm", "em_max": "maxEm",
		"fm_adp": "adpFm", "fm_mean": "meanFm", "fm_max": "maxFm",
	}
	for _, g := range handlerGroups {
		h := groupNames[g]
		m[h+"_adp"] = "adp" + h
		m[h+"_mean"] = "mean" + h
		m[h+"_max"] = "max" + h
		m[h+"_bin"] = "sample_bi" + h
		m[h+"_bin_pooled"] = "overall_bi" + h
	}
	return m
}

func TestReference(t *testing.T) {
	for _, rs := range referenceSets {
		t.Run(rs.name, func(t *testing.T) {
			if rs.slow && testing.Short() {
				t.Skip("large images; runs without -short")
			}
			t.Parallel()
			testReferenceSet(t, rs)
		})
	}
}

func testReferenceSet(t *testing.T, rs referenceSet) {
	root := filepath.Join("..", "testdata")
	dir := filepath.Join(root, "reference", rs.dir)
	rows := readReferenceCSV(t, filepath.Join(dir, "metrics.csv"))
	if len(rows) == 0 {
		t.Fatal("no reference rows")
	}

	// The reference HCE column comes from PySODMetrics, so HCE runs in its
	// mode and must match exactly: HCE is an integer count.
	s := DefaultSet().WithHCEMode(HCEPySOD)
	s.mask |= 1 << groupHCE
	keys := s.Keys()
	columns := referenceColumns()
	var ws Workspace
	acc := NewAccumulator(s)
	var libKappaSum [256]float64
	var libKappaAdp, libKappaBin float64
	var libKappaPooled confusion
	refMeans := map[string]float64{} // means of the reference rows used, for sets with resized pairs
	images := 0

	for _, row := range rows {
		name := row["name"]
		if row["resized"] != "0" {
			continue
		}
		gt, pred, w, h := loadPair(t, filepath.Join(root, rs.gtDir, name+".png"), filepath.Join(root, rs.predDir, name+".png"))
		img := ws.Compute(gt, pred, w, h, s)
		values := img.Values(s)
		images++
		acc.Add(img)

		for i, key := range keys {
			col, ok := columns[key]
			if !ok {
				continue // mse and AUC have no PySODMetrics counterpart
			}
			want := row.value(t, col)
			got := values[i]
			switch {
			case key == "sm" && math.IsNaN(want):
				// PySODMetrics returns NaN when a quadrant is empty, but birefloss
				// gives that quadrant zero weight.
				if math.IsNaN(got) || got < 0 || got > 1 {
					t.Errorf("%s: sm = %v, want a value in [0, 1] where PySODMetrics gives NaN", name, got)
				}
				want = got
			case strings.HasPrefix(key, "kappa_"):
				want = got // checked below with the library's formula
			case key == "hce":
				if got != want {
					t.Errorf("%s: hce = %v, want %v", name, got, want)
				}
			default:
				checkValue(t, name+" "+key, got, want, referenceTol)
			}
			refMeans[key] += want
		}
		// The F family equals the FmeasureV2 fm handler in the reference.
		checkValue(t, name+" fm_adp vs adp_fm", values[indexOf(keys, "fm_adp")], row.value(t, "adp_fm"), referenceTol)
		checkValue(t, name+" fm_max vs img_max_fm", values[indexOf(keys, "fm_max")], row.value(t, "img_max_fm"), referenceTol)

		// Kappa: the library's formula on birefloss's counts.
		adp := libraryKappa(newConfusion(img.adaptive, img.fg, img.n))
		bin := libraryKappa(newConfusion(img.binary, img.fg, img.n))
		kc := libraryKappaCurve(img)
		checkValue(t, name+" library kappa_adp", adp, row.value(t, "adp_kappa"), referenceTol)
		checkValue(t, name+" library kappa_mean", curveMean(&kc), row.value(t, "img_mean_kappa"), referenceTol)
		checkValue(t, name+" library kappa_max", curveMax(&kc), row.value(t, "img_max_kappa"), referenceTol)
		checkValue(t, name+" library kappa_bin", bin, row.value(t, "bin_kappa"), referenceTol)
		libKappaAdp += adp
		libKappaBin += bin
		for i := range kc {
			libKappaSum[i] += kc[i]
		}
		c := newConfusion(img.binary, img.fg, img.n)
		libKappaPooled.tp += c.tp
		libKappaPooled.fp += c.fp
		libKappaPooled.tn += c.tn
		libKappaPooled.fn += c.fn
	}

	if images == 0 {
		t.Fatal("no pair without resizing to compare")
	}
	result := acc.Result()
	if rs.resizing {
		// metrics.json includes resized pairs, which depend on OpenCV's
		// fixed-point resize, so compare the means over the other rows with
		// the same means of the reference rows instead.
		for _, sc := range result.Scalars {
			want, ok := refMeans[sc.Key]
			if !ok || !isMeanOfImages(sc.Key) {
				continue
			}
			checkValue(t, "dataset "+sc.Key, sc.Value, want/float64(images), referenceTol)
		}
		return
	}

	ref := readReferenceJSON(t, filepath.Join(dir, "metrics.json"))
	n := float64(images)
	var libKappaCurve [256]float64
	for i := range libKappaSum {
		libKappaCurve[i] = libKappaSum[i] / n
	}
	libKappa := map[string]float64{
		"kappa_adp":        libKappaAdp / n,
		"kappa_mean":       curveMean(&libKappaCurve),
		"kappa_max":        curveMax(&libKappaCurve),
		"kappa_bin":        libKappaBin / n,
		"kappa_bin_pooled": libraryKappa(libKappaPooled),
	}
	dcols := datasetColumns()
	for _, sc := range result.Scalars {
		col, ok := dcols[sc.Key]
		if !ok {
			continue
		}
		want := nullable(ref.Metrics[col])
		got := sc.Value
		if lib, ok := libKappa[sc.Key]; ok {
			got = lib
		}
		checkValue(t, "dataset "+sc.Key, got, want, referenceTol)
	}
	for _, c := range result.Curves {
		refKey := c.Key
		if _, ok := lookupGroup(c.Key); ok && c.Key != "fm" && c.Key != "em" {
			refKey = "v2_" + c.Key
		}
		want, ok := ref.Curves[refKey]
		if !ok {
			t.Errorf("curve %s: no reference curve %s", c.Key, refKey)
			continue
		}
		got := c.Values
		if c.Key == "kappa" {
			got = libKappaCurve[:]
		}
		for i := range got {
			checkValue(t, "curve "+c.Key+"["+strconv.Itoa(i)+"]", got[i], nullable(want[i]), referenceTol)
		}
	}
}

// isMeanOfImages reports whether a dataset key is the mean of the per-image
// values with the same key.
func isMeanOfImages(key string) bool {
	switch {
	case key == "mae", key == "mse", key == "sm", key == "wfm", key == "hce":
		return true
	case strings.HasSuffix(key, "_adp"), strings.HasSuffix(key, "_bin"):
		return true
	}
	return false
}

func indexOf(keys []string, key string) int {
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return -1
}

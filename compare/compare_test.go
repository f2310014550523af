package compare

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/birefloss/birefloss/report"
)

// TestChangeDirectionOfEveryKey checks, for every key birefloss writes,
// that a rise of the value is classified in the key's direction: worse
// for losses and error metrics (lower is better), better for the other
// metrics. The keys are those of report.Direction's tables.
func TestChangeDirectionOfEveryKey(t *testing.T) {
	lowerIsBetter := []string{
		"loss_bce", "loss_iou", "loss_iou_patch", "loss_ssim", "loss_mae", "loss_mse", "loss_reg",
		"loss_cnt", "loss_structure", "loss_iou_patch_tiled", "loss_structure_logit", "loss_cls", "loss_total",
		"mae", "mse", "hce",
		"ber_adp", "ber_mean", "ber_max", "ber_bin", "ber_bin_pooled",
		"fpr_adp", "fpr_mean", "fpr_max", "fpr_bin", "fpr_bin_pooled",
	}
	higherIsBetter := []string{
		"sm", "wfm", "em_adp", "em_mean", "em_max", "fm_adp", "fm_mean", "fm_max", "auc_pr", "auc_roc",
	}
	for _, h := range []string{"iou", "dice", "pre", "rec", "spec", "oa", "kappa", "f1"} {
		for _, suffix := range []string{"_adp", "_mean", "_max", "_bin", "_bin_pooled"} {
			higherIsBetter = append(higherIsBetter, h+suffix)
		}
	}
	tests := []struct {
		keys          []string
		wantDirection string
		wantStatus    Status
	}{
		{lowerIsBetter, LowerIsBetter, StatusRegression},
		{higherIsBetter, HigherIsBetter, StatusBetter},
		{[]string{"img_count", "loss_"}, UnknownDirection, StatusChanged},
	}
	for _, tt := range tests {
		for _, key := range tt.keys {
			t.Run(key, func(t *testing.T) {
				c, _ := newChange(key, "", 0.5, 0.6, &Threshold{})
				if c.Direction != tt.wantDirection {
					t.Errorf("direction = %s, want %s", c.Direction, tt.wantDirection)
				}
				if c.Status != tt.wantStatus {
					t.Errorf("0.5 to 0.6: status = %s, want %s", c.Status, tt.wantStatus)
				}
			})
		}
	}
}

func TestNewChangeStatuses(t *testing.T) {
	nan := math.NaN()
	abs := &Threshold{Limit: 0.05}
	tests := []struct {
		name      string
		key       string
		b, n      float64
		threshold *Threshold
		want      Status
	}{
		{"equal", "sm", 0.8, 0.8, abs, StatusUnchanged},
		{"both NaN", "sm", nan, nan, abs, StatusUnchanged},
		{"higher better, rise", "sm", 0.8, 0.9, abs, StatusBetter},
		{"higher better, small fall", "sm", 0.8, 0.76, abs, StatusWorse},
		{"higher better, large fall", "sm", 0.8, 0.7, abs, StatusRegression},
		{"lower better, fall", "loss_total", 3, 2, abs, StatusBetter},
		{"lower better, large rise", "loss_total", 3, 3.1, abs, StatusRegression},
		{"not gated", "loss_total", 3, 30, nil, StatusWorse},
		{"became NaN", "sm", 0.8, nan, abs, StatusRegression},
		{"became NaN, not gated", "sm", 0.8, nan, nil, StatusWorse},
		{"became defined", "loss_cnt", nan, 0.3, abs, StatusBetter},
		{"became +Inf", "loss_bce", 0.3, math.Inf(1), abs, StatusRegression},
		{"unknown key", "size", 1, 2, abs, StatusChanged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newChange(tt.key, "", tt.b, tt.n, tt.threshold)
			if c.Status != tt.want {
				t.Errorf("%s from %g to %g: status %s, want %s", tt.key, tt.b, tt.n, c.Status, tt.want)
			}
		})
	}
}

func TestNewChangeRelative(t *testing.T) {
	c, _ := newChange("loss_total", "", 4, 5, nil)
	if float64(c.Delta) != 1 || float64(c.Relative) != 0.25 {
		t.Errorf("4 to 5: delta %v, relative %v; want 1 and 0.25", c.Delta, c.Relative)
	}
	c, _ = newChange("loss_total", "", 0, 5, nil)
	if !math.IsNaN(float64(c.Relative)) {
		t.Errorf("0 to 5: relative %v, want NaN", c.Relative)
	}
}

func TestCompareIdentical(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	c := compareRuns(t, run, run, Options{})
	if c.Regressed() {
		t.Errorf("identical runs regressed: %v", regressionKeys(c))
	}
	if len(c.Models) != 1 {
		t.Fatalf("%d model comparisons, want 1", len(c.Models))
	}

	m := &c.Models[0]
	wantKeys := []string{"loss_bce", "loss_total", "mae", "sm", "fm_max"}
	var keys []string
	for _, ch := range m.Dataset {
		keys = append(keys, ch.Key)
		if ch.Status != StatusUnchanged {
			t.Errorf("%s: status %s, want unchanged", ch.Key, ch.Status)
		}
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("dataset keys %v, want %v", keys, wantKeys)
	}
	if !m.PerImage {
		t.Error("PerImage is false with per_image.csv on both sides")
	}
	for _, k := range m.ImageKeys {
		if k.Compared != 3 || k.Unchanged != 3 {
			t.Errorf("image key %s: compared %d, unchanged %d; want 3 and 3", k.Key, k.Compared, k.Unchanged)
		}
	}
	if len(m.ImageChanges) != 0 {
		t.Errorf("identical runs list %d image changes", len(m.ImageChanges))
	}
}

func TestCompareDatasetThresholds(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	// fm_max falls from 0.9 to 0.88: 0.02 absolute, 2.2% relative.
	next := testRun(3, testModel("A", 0.88, baseImages()...))
	tests := []struct {
		name       string
		maxRegress string
		want       Status
	}{
		{"default gates every key at 0", "", StatusRegression},
		{"absolute within", "fm_max=0.02", StatusWorse},
		{"absolute beyond", "fm_max=0.019", StatusRegression},
		{"relative within", "fm_max=2.3%", StatusWorse},
		{"relative beyond", "fm_max=2.2%", StatusRegression},
		{"default key", "*=0.05", StatusWorse},
		{"own key wins over default", "*=0.05,fm_max=0.01", StatusRegression},
		{"other key only: not gated", "sm=0.01", StatusWorse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := compareRuns(t, base, next, Options{MaxRegress: mustThresholds(t, tt.maxRegress)})
			ch := datasetChange(t, &c.Models[0], "fm_max")
			if ch.Status != tt.want {
				t.Errorf("fm_max 0.9 to 0.88 with %q: status %s, want %s", tt.maxRegress, ch.Status, tt.want)
			}
			if got := c.Regressed(); got != (tt.want == StatusRegression) {
				t.Errorf("Regressed() = %v with regressions %v", got, regressionKeys(c))
			}
		})
	}
}

func TestCompareSingleImageRegression(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	images := baseImages()
	images[1].total += 0.2 // image b only
	next := testRun(3, testModel("A", 0.9, images...))

	opts := Options{
		MaxRegress:      mustThresholds(t, "*=1"),
		MaxImageRegress: mustThresholds(t, "loss_total=0.1"),
	}
	c := compareRuns(t, base, next, opts)
	want := []string{"image_value/A/b/loss_total"}
	if got := regressionKeys(c); !slices.Equal(got, want) {
		t.Fatalf("regressions %v, want %v", got, want)
	}
	msg := c.Regressions[0].Message
	for _, part := range []string{"model A", "image b", "loss_total worsened from 6.5 to 6.7: +0.2 (+3.08%), threshold 0.1"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q does not contain %q", msg, part)
		}
	}

	m := &c.Models[0]
	var stats *ImageKeyStats
	for i := range m.ImageKeys {
		if m.ImageKeys[i].Key == "loss_total" {
			stats = &m.ImageKeys[i]
		}
	}
	if stats == nil {
		t.Fatal("no per-image statistics for loss_total")
	}
	if stats.Regression != 1 || stats.Unchanged != 2 || stats.Compared != 3 {
		t.Errorf("loss_total statistics %+v, want 1 regression and 2 unchanged of 3", *stats)
	}
	if stats.MaxWorsening == nil || stats.MaxWorsening.Image != "b" {
		t.Errorf("largest worsening %+v, want image b", stats.MaxWorsening)
	}
	// The dataset mean of loss_total rose by 0.2/3, within the threshold 1.
	if ch := datasetChange(t, m, "loss_total"); ch.Status != StatusWorse {
		t.Errorf("dataset loss_total status %s, want worse", ch.Status)
	}
}

func TestCompareImageRegressionWithinThreshold(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	images := baseImages()
	images[1].sm -= 0.05
	next := testRun(3, testModel("A", 0.9, images...))
	c := compareRuns(t, base, next, Options{
		MaxRegress:      mustThresholds(t, "*=1"),
		MaxImageRegress: mustThresholds(t, "sm=10%"),
	})
	if c.Regressed() {
		t.Errorf("sm 0.8 to 0.75 under a 10%% threshold regressed: %v", regressionKeys(c))
	}
	if len(c.Models[0].ImageChanges) == 0 {
		t.Error("the gated key's changed image is not listed in ImageChanges")
	}
}

func TestCompareImageBecameNaN(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	images := baseImages()
	images[2].sm = math.NaN()
	images[2].mae = 0.2
	next := testRun(3, testModel("A", 0.9, images...))
	c := compareRuns(t, base, next, Options{
		MaxRegress:      mustThresholds(t, "loss_total=1"),
		MaxImageRegress: mustThresholds(t, "sm=1"),
	})
	want := []string{"image_value/A/c/sm"}
	if got := regressionKeys(c); !slices.Equal(got, want) {
		t.Fatalf("regressions %v, want %v", got, want)
	}
	if !strings.Contains(c.Regressions[0].Message, "sm became undefined (NaN), was 0.7; threshold 1") {
		t.Errorf("message %q does not say the value became NaN", c.Regressions[0].Message)
	}
}

func TestCompareMismatchedSettings(t *testing.T) {
	tests := []struct {
		setting string
		change  func(s *report.Settings)
	}{
		{"weights", func(s *report.Settings) { s.Weights["bce"] = 20 }},
		{"cls_weights", func(s *report.Settings) { s.ClsWeights = map[string]float64{"ce": 5} }},
		{"resize", func(s *report.Settings) { s.Resize = "align-corners" }},
		{"alpha", func(s *report.Settings) { s.Alpha = true }},
		{"scale_zero_one", func(s *report.Settings) { s.ScaleZeroOne = true }},
		{"losses", func(s *report.Settings) { s.Losses = []string{"bce", "iou"} }},
		{"metrics", func(s *report.Settings) { s.Metrics = []string{"mae"} }},
		{"hce_mode", func(s *report.Settings) { s.HCEMode = "pysodmetrics" }},
	}
	for _, tt := range tests {
		t.Run(tt.setting, func(t *testing.T) {
			base := testRun(3, testModel("A", 0.9, baseImages()...))
			next := testRun(3, testModel("A", 0.9, baseImages()...))
			next.Settings.Weights = map[string]float64{"bce": 30, "iou": 0.5, "ssim": 10}
			tt.change(&next.Settings)
			b, n := loadRun(t, base, true), loadRun(t, next, true)

			_, err := Compare(b, n, Options{})
			var me *MismatchError
			if !errors.As(err, &me) {
				t.Fatalf("Compare error %v, want a *MismatchError", err)
			}
			if len(me.Mismatches) != 1 || me.Mismatches[0].Setting != tt.setting {
				t.Fatalf("mismatches %+v, want only %s", me.Mismatches, tt.setting)
			}
			if !strings.Contains(err.Error(), tt.setting+": baseline ") || !strings.Contains(err.Error(), "--allow-mismatch") {
				t.Errorf("error %q does not name the setting and the flag", err)
			}

			c, err := Compare(b, n, Options{AllowMismatch: true})
			if err != nil {
				t.Fatalf("with AllowMismatch: %v", err)
			}
			if len(c.Mismatches) != 1 || c.Mismatches[0].Setting != tt.setting {
				t.Errorf("recorded mismatches %+v, want %s", c.Mismatches, tt.setting)
			}
		})
	}
}

func TestCompareIgnoredSettings(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	next := testRun(3, testModel("A", 0.9, baseImages()...))
	next.Settings.GTDir = "/elsewhere/gt"
	next.Settings.Task = "General"
	next.Settings.ConfigFile = "birefnet.yaml"
	next.Settings.Weights = map[string]float64{"bce": 30, "iou": 0.5, "ssim": 10, "mae": 0}
	if _, err := Compare(loadRun(t, base, true), loadRun(t, next, true), Options{}); err != nil {
		t.Errorf("paths, task and a zero weight must not count as mismatches: %v", err)
	}
}

func TestCompareGTImageSet(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...))
	next := testRun(4, testModel("A", 0.9, append(baseImages(), img{name: "d", total: 1, sm: 0.5})...))
	_, err := Compare(loadRun(t, base, true), loadRun(t, next, true), Options{})
	var me *MismatchError
	if !errors.As(err, &me) || me.Mismatches[0].Setting != "gt_images" {
		t.Fatalf("error %v, want a gt_images mismatch", err)
	}
	if !strings.Contains(me.Mismatches[0].New, "1 not in the baseline (d)") {
		t.Errorf("mismatch %+v does not name image d", me.Mismatches[0])
	}

	// Without per_image.csv only the GT counts are compared.
	_, err = Compare(loadRun(t, base, false), loadRun(t, next, false), Options{})
	if !errors.As(err, &me) || me.Mismatches[0].Baseline != "3 images" || me.Mismatches[0].New != "4 images" {
		t.Fatalf("without per_image.csv: error %v, want a gt_images mismatch of 3 and 4 images", err)
	}
}

// missingImagesRuns returns a baseline that evaluated a, b, c and d, and a
// new run that lacks b (no prediction), c (the pair failed) and d (not in
// its GT set).
func missingImagesRuns() (base, next *report.Run) {
	images := append(baseImages(), img{name: "d", bce: 0.1, total: 2, mae: 0.1, sm: 0.8})
	base = testRun(4, testModel("A", 0.9, images...))
	nm := testModel("A", 0.9, images[0], img{name: "c", err: "decode pred-A/c.png: unexpected EOF"})
	nm.Missing = []string{"b"}
	next = testRun(3, nm)
	return base, next
}

func TestCompareMissingImages(t *testing.T) {
	base, next := missingImagesRuns()
	b, n := loadRun(t, base, true), loadRun(t, next, true)
	c, err := Compare(b, n, Options{AllowMismatch: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []MissingImage{
		{Name: "b", Reason: "missing"},
		{Name: "c", Reason: "failed", Error: "decode pred-A/c.png: unexpected EOF"},
		{Name: "d", Reason: "absent"},
	}
	if got := c.Models[0].MissingImages; !slices.Equal(got, want) {
		t.Errorf("missing images %+v, want %+v", got, want)
	}
	wantRegressions := []string{"missing_image/A/b/", "missing_image/A/c/", "missing_image/A/d/"}
	if got := regressionKeys(c); !slices.Equal(got, wantRegressions) {
		t.Errorf("regressions %v, want %v", got, wantRegressions)
	}
	if len(c.Mismatches) != 1 || c.Mismatches[0].Setting != "gt_images" {
		t.Errorf("mismatches %+v, want gt_images", c.Mismatches)
	}

	c, err = Compare(b, n, Options{AllowMismatch: true, AllowMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Regressed() {
		t.Errorf("AllowMissing still regressed: %v", regressionKeys(c))
	}
	if len(c.Models[0].MissingImages) != 3 {
		t.Errorf("AllowMissing dropped the list of missing images: %+v", c.Models[0].MissingImages)
	}
}

func TestCompareMissingImagesWithoutCSV(t *testing.T) {
	base, next := missingImagesRuns()
	c, err := Compare(loadRun(t, base, false), loadRun(t, next, false), Options{AllowMismatch: true})
	if err != nil {
		t.Fatal(err)
	}
	// Without per-image values the absent image d cannot be seen; the GT
	// count mismatch reports it.
	want := []MissingImage{
		{Name: "b", Reason: "missing"},
		{Name: "c", Reason: "failed", Error: "decode pred-A/c.png: unexpected EOF"},
	}
	if got := c.Models[0].MissingImages; !slices.Equal(got, want) {
		t.Errorf("missing images %+v, want %+v", got, want)
	}
	if c.Models[0].PerImage {
		t.Error("PerImage is true without per_image.csv")
	}
}

func TestCompareNewImages(t *testing.T) {
	bm := testModel("A", 0.9, baseImages()[0], baseImages()[1])
	bm.Missing = []string{"c"}
	base := testRun(3, bm)
	next := testRun(3, testModel("A", 0.9, baseImages()...))
	// The mean loss_total rises from 5 to 6.5 with image c.
	c, err := Compare(loadRun(t, base, true), loadRun(t, next, true), Options{MaxRegress: mustThresholds(t, "*=10")})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Models[0].NewImages; !slices.Equal(got, []string{"c"}) {
		t.Errorf("new images %v, want [c]", got)
	}
	if c.Regressed() {
		t.Errorf("an image only the new run evaluated is a regression: %v", regressionKeys(c))
	}
}

func TestCompareModels(t *testing.T) {
	base := testRun(3, testModel("A", 0.9, baseImages()...), testModel("B", 0.8, baseImages()...))
	next := testRun(3, testModel("B", 0.8, baseImages()...), testModel("C", 0.7, baseImages()...))
	c := compareRuns(t, base, next, Options{})
	if len(c.Models) != 1 || c.Models[0].New != "B" {
		t.Fatalf("compared models %+v, want B only", c.Models)
	}
	if !slices.Equal(c.ModelsOnlyInBaseline, []string{"A"}) || !slices.Equal(c.ModelsOnlyInNew, []string{"C"}) {
		t.Errorf("only in baseline %v, only in new %v; want [A] and [C]", c.ModelsOnlyInBaseline, c.ModelsOnlyInNew)
	}
	if got := regressionKeys(c); !slices.Equal(got, []string{"missing_model/A//"}) {
		t.Errorf("regressions %v, want the missing model A", got)
	}

	c = compareRuns(t, base, next, Options{AllowMissing: true})
	if c.Regressed() {
		t.Errorf("AllowMissing still regressed: %v", regressionKeys(c))
	}
}

func TestCompareSingleModelsPairedByPosition(t *testing.T) {
	base := testRun(3, testModel("pred", 0.9, baseImages()...))
	next := testRun(3, testModel("pred-new", 0.9, baseImages()...))
	c := compareRuns(t, base, next, Options{})
	if len(c.Models) != 1 || c.Models[0].Baseline != "pred" || c.Models[0].New != "pred-new" {
		t.Errorf("models %+v, want pred paired with pred-new", c.Models)
	}
}

func TestCompareThresholdKeyErrors(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	b, n := loadRun(t, run, true), loadRun(t, run, true)
	tests := []struct {
		name          string
		opts          Options
		wantInMessage string
	}{
		{"unknown dataset key", Options{MaxRegress: Thresholds{"smm": {}}}, `"smm" in max_regress: no dataset value has that key; the keys are fm_max, loss_bce, loss_total, mae, sm`},
		{"per-image only key", Options{MaxImageRegress: Thresholds{"fm_max": {}}}, `"fm_max" in max_image_regress`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare(b, n, tt.opts)
			if !errors.Is(err, ErrThresholdKey) {
				t.Fatalf("error %v, want ErrThresholdKey", err)
			}
			if !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %q does not contain %q", err, tt.wantInMessage)
			}
		})
	}
}

func TestCompareImageThresholdsNeedCSV(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	_, err := Compare(loadRun(t, run, true), loadRun(t, run, false), Options{MaxImageRegress: Thresholds{"sm": {}}})
	if err == nil || !strings.Contains(err.Error(), "per-image thresholds need per_image.csv beside") {
		t.Errorf("error %v, want one saying per_image.csv is needed", err)
	}
}

func TestLoadUnknownSchemaVersion(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(path, []byte(`{"schema_version": 99, "models": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load accepted schema_version 99")
	}
	for _, part := range []string{path, "unsupported summary schema_version 99", "reads version 1"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}

func TestLoadPaths(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	dir := saveRun(t, run, true)

	fromDir, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := Load(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Result{fromDir, fromFile} {
		if r.SummaryPath != filepath.Join(dir, SummaryFile) || r.PerImagePath != filepath.Join(dir, PerImageFile) || r.PerImage == nil {
			t.Errorf("loaded %q and %q, per-image values %v", r.SummaryPath, r.PerImagePath, r.PerImage != nil)
		}
	}

	if _, err := Load(filepath.Join(dir, "nothing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing path: %v, want a not-exist error", err)
	}
}

func TestLoadForeignPerImage(t *testing.T) {
	dir := saveRun(t, testRun(3, testModel("A", 0.9, baseImages()...)), false)
	other := saveRun(t, testRun(3, testModel("B", 0.9, baseImages()...)), true)
	data, err := os.ReadFile(filepath.Join(other, PerImageFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, PerImageFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "does not belong to") {
		t.Errorf("Load with another run's per_image.csv: %v, want a does-not-belong error", err)
	}
}

func TestLoadFilesExplicitPerImage(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	withCSV := saveRun(t, run, true)
	summaryOnly := saveRun(t, run, false)

	csvPath := filepath.Join(withCSV, PerImageFile)
	res, err := LoadFiles(summaryOnly, csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.PerImagePath != csvPath || res.PerImage == nil {
		t.Errorf("per-image file %q loaded %v, want %q", res.PerImagePath, res.PerImage != nil, csvPath)
	}

	// An explicit file must exist, while the default one is optional.
	if _, err := LoadFiles(summaryOnly, filepath.Join(summaryOnly, "none.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing explicit per-image file: %v, want a not-exist error", err)
	}
	res, err = LoadFiles(summaryOnly, "")
	if err != nil || res.PerImage != nil {
		t.Errorf("no per_image.csv beside the summary: %v, per-image values %v; want none and no error", err, res.PerImage != nil)
	}
}

func TestLoadMissingPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope")
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load of a missing path succeeded")
	}
	for _, want := range []string{path, "does not exist", "summary.json", "output folder"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

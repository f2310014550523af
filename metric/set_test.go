package metric

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseSet(t *testing.T) {
	tests := []struct {
		list   string
		groups []string
	}{
		{"default", []string{"mae", "mse", "sm", "em", "fm", "wfm", "iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1", "auc"}},
		{"all", []string{"mae", "mse", "sm", "em", "fm", "wfm", "iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1", "auc", "hce", "mba", "biou"}},
		{"biou,hce,mba", []string{"hce", "mba", "biou"}},
		{" none ", []string{}},
		{"wfm,mae", []string{"mae", "wfm"}},
		{"handlers", []string{"iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1"}},
		{"kappa, auc ,sm", []string{"sm", "kappa", "auc"}},
		{"mae,mae", []string{"mae"}},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			s, err := ParseSet(tt.list)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Groups(); !slices.Equal(got, tt.groups) {
				t.Errorf("Groups() = %v, want %v", got, tt.groups)
			}
		})
	}
}

func TestParseSetErrors(t *testing.T) {
	for _, list := range []string{"", "mae,", "MAE", "HCE", "all,mae", "default,hce", "fm_max", "biou_max"} {
		t.Run(list, func(t *testing.T) {
			_, err := ParseSet(list)
			if err == nil {
				t.Fatalf("ParseSet(%q) returned no error", list)
			}
			if !strings.Contains(err.Error(), "valid names are") {
				t.Errorf("error %q does not list the valid names", err)
			}
		})
	}
}

func TestParseSetRoundTrip(t *testing.T) {
	s, err := ParseSet("auc,em,rec")
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseSet(strings.Join(s.Groups(), ","))
	if err != nil {
		t.Fatal(err)
	}
	if back != s {
		t.Errorf("ParseSet(Groups()) = %v, want %v", back.Groups(), s.Groups())
	}
}

func TestKeysOrder(t *testing.T) {
	want := []string{"mae", "mse", "sm", "em_adp", "em_mean", "em_max", "fm_adp", "fm_mean", "fm_max", "wfm"}
	for _, h := range []string{"iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1"} {
		want = append(want, h+"_adp", h+"_mean", h+"_max", h+"_bin")
	}
	want = append(want, "auc_pr", "auc_roc")
	if got := DefaultSet().Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}

	s, err := ParseSet("auc,sm,ber")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"sm", "ber_adp", "ber_mean", "ber_max", "ber_bin", "auc_pr", "auc_roc"}
	if got := s.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
	var ws Workspace
	img := ws.Compute([]uint8{255, 0, 0, 0}, []float64{1, 0.5, 0, 0}, 2, 2, s)
	if got := len(img.Values(s)); got != len(want) {
		t.Errorf("Values has %d entries, want %d", got, len(want))
	}
}

func TestKeysOrderAll(t *testing.T) {
	all, err := ParseSet("all")
	if err != nil {
		t.Fatal(err)
	}
	want := append(DefaultSet().Keys(), "hce", "mba", "biou_bin", "biou_mean", "biou_max")
	if got := all.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
	var ws Workspace
	img := ws.Compute([]uint8{255, 0, 0, 0}, []float64{1, 0.5, 0, 0}, 2, 2, all)
	if got := len(img.Values(all)); got != len(want) {
		t.Errorf("Values has %d entries, want %d", got, len(want))
	}

	acc := NewAccumulator(all)
	acc.Add(img)
	d := acc.Result()
	var keys []string
	for _, sc := range d.Scalars {
		keys = append(keys, sc.Key)
	}
	if got, tail := keys[len(keys)-5:], want[len(want)-5:]; !slices.Equal(got, tail) {
		t.Errorf("last dataset keys = %v, want %v", got, tail)
	}
	if last := d.Curves[len(d.Curves)-1].Key; last != "biou" {
		t.Errorf("last dataset curve = %q, want biou", last)
	}

	// Values of groups that were not computed are NaN.
	mae, err := ParseSet("mae")
	if err != nil {
		t.Fatal(err)
	}
	values := ws.Compute([]uint8{255, 0, 0, 0}, []float64{1, 0.5, 0, 0}, 2, 2, mae).Values(all)
	for i, key := range want[len(want)-5:] {
		if v := values[len(values)-5+i]; !math.IsNaN(v) {
			t.Errorf("%s = %v for a group that was not computed, want NaN", key, v)
		}
	}
}

func TestComputeRejectsBadSizes(t *testing.T) {
	tests := []struct {
		name          string
		gt            []uint8
		pred          []float64
		width, height int
	}{
		{"zero width", nil, nil, 0, 3},
		{"short GT", []uint8{0, 0, 0}, []float64{0, 0, 0, 0}, 2, 2},
		{"short prediction", []uint8{0, 0, 0, 0}, []float64{0}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Compute did not panic")
				}
			}()
			var ws Workspace
			ws.Compute(tt.gt, tt.pred, tt.width, tt.height, DefaultSet())
		})
	}
}

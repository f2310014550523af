package compare

import (
	"strings"
	"testing"
)

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in      string
		want    Threshold
		wantErr bool
	}{
		{in: "0.01", want: Threshold{Limit: 0.01}},
		{in: "0", want: Threshold{}},
		{in: "2%", want: Threshold{Limit: 0.02, Relative: true}},
		{in: " 0.5 % ", want: Threshold{Limit: 0.005, Relative: true}},
		{in: "1e-3", want: Threshold{Limit: 0.001}},
		{in: "", wantErr: true},
		{in: "%", wantErr: true},
		{in: "-0.1", wantErr: true},
		{in: "NaN", wantErr: true},
		{in: "Inf", wantErr: true},
		{in: "abc", wantErr: true},
		{in: "2%%", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseThreshold(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseThreshold(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseThreshold(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseThreshold(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestThresholdStringRoundTrip(t *testing.T) {
	for _, in := range []string{"0.01", "0", "2%", "0.5%", "1e-05"} {
		th, err := ParseThreshold(in)
		if err != nil {
			t.Fatalf("ParseThreshold(%q): %v", in, err)
		}
		back, err := ParseThreshold(th.String())
		if err != nil {
			t.Fatalf("ParseThreshold(%q) of String of %q: %v", th.String(), in, err)
		}
		if back != th {
			t.Errorf("%q: String %q parses to %+v, want %+v", in, th.String(), back, th)
		}
	}
}

func TestThresholdExceeded(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	tests := []struct {
		name      string
		threshold string
		base      float64
		worsening float64
		want      bool
	}{
		{"absolute within", "0.01", 0.9, 0.01, false},
		{"absolute beyond", "0.01", 0.9, 0.0100001, true},
		{"zero allows nothing", "0", 0.9, 1e-12, true},
		{"zero allows equality", "0", 0.9, 0, false},
		{"relative within", "10%", 2, 0.2, false},
		{"relative beyond", "10%", 2, 0.21, true},
		{"relative uses magnitude", "10%", -2, 0.15, false},
		{"relative of zero baseline", "50%", 0, 1e-9, true},
		{"NaN worsening", "100", 0.5, nan, true},
		// 0.9 − 0.88 is 0.020000000000000018 in float64.
		{"decimal equality", "0.02", 0.9, 0.9 - 0.88, false},
		{"just past decimal equality", "0.02", 0.9, 0.9 - 0.8799999, true},
		{"relative decimal equality", "10%", 0.3, 0.3 - 0.27, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := ParseThreshold(tt.threshold)
			if err != nil {
				t.Fatal(err)
			}
			if got := th.exceeded(tt.base, tt.worsening); got != tt.want {
				t.Errorf("%s.exceeded(%g, %g) = %v, want %v", tt.threshold, tt.base, tt.worsening, got, tt.want)
			}
		})
	}
}

func TestParseThresholds(t *testing.T) {
	got, err := ParseThresholds("loss_total=0.01, sm=2% ,*=0.5")
	if err != nil {
		t.Fatal(err)
	}
	want := Thresholds{
		"loss_total": {Limit: 0.01},
		"sm":         {Limit: 0.02, Relative: true},
		AnyKey:       {Limit: 0.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d thresholds %v, want %v", len(got), got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("threshold %q = %+v, want %+v", k, got[k], w)
		}
	}

	empty, err := ParseThresholds("")
	if err != nil || len(empty) != 0 {
		t.Errorf(`ParseThresholds("") = %v, %v; want no thresholds and no error`, empty, err)
	}
}

func TestParseThresholdsErrors(t *testing.T) {
	tests := []struct{ spec, wantInMessage string }{
		{"sm", "want KEY=VALUE"},
		{"=0.1", "want KEY=VALUE"},
		{"sm=0.1,sm=0.2", `"sm" given twice`},
		{"sm=x", "key sm: invalid threshold"},
		{"sm=-1", "key sm: invalid threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := ParseThresholds(tt.spec)
			if err == nil {
				t.Fatalf("ParseThresholds(%q) succeeded, want an error", tt.spec)
			}
			if !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %q does not contain %q", err, tt.wantInMessage)
			}
		})
	}
}

func TestThresholdsFor(t *testing.T) {
	ts := Thresholds{"sm": {Limit: 0.1}, AnyKey: {Limit: 0.5}}
	if got, ok := ts.For("sm"); !ok || got.Limit != 0.1 {
		t.Errorf("For(sm) = %+v, %v; want its own threshold 0.1", got, ok)
	}
	if got, ok := ts.For("mae"); !ok || got.Limit != 0.5 {
		t.Errorf("For(mae) = %+v, %v; want the * threshold 0.5", got, ok)
	}
	if _, ok := (Thresholds{"sm": {}}).For("mae"); ok {
		t.Error("For(mae) without * found a threshold")
	}
}

func TestThresholdsMerge(t *testing.T) {
	file := Thresholds{"sm": {Limit: 0.1}, "mae": {Limit: 0.2}}
	flags := Thresholds{"sm": {Limit: 0.3}}
	got := file.Merge(flags)
	if got["sm"].Limit != 0.3 {
		t.Errorf("merged sm = %v, want the flag's 0.3", got["sm"])
	}
	if got["mae"].Limit != 0.2 {
		t.Errorf("merged mae = %v, want the file's 0.2", got["mae"])
	}
	if file["sm"].Limit != 0.1 {
		t.Error("Merge changed its receiver")
	}
}

func TestParseThresholdFile(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"yaml", "max_regress:\n  loss_total: 0.01\n  sm: 2%\n  \"*\": 0\nmax_image_regress:\n  loss_total: \"0.5\"\n"},
		{"json", `{"max_regress": {"loss_total": 0.01, "sm": "2%", "*": 0}, "max_image_regress": {"loss_total": "0.5"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tf, err := ParseThresholdFile([]byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				got, want Threshold
				what      string
			}{
				{tf.MaxRegress["loss_total"], Threshold{Limit: 0.01}, "max_regress.loss_total"},
				{tf.MaxRegress["sm"], Threshold{Limit: 0.02, Relative: true}, "max_regress.sm"},
				{tf.MaxRegress[AnyKey], Threshold{}, "max_regress.*"},
				{tf.MaxImageRegress["loss_total"], Threshold{Limit: 0.5}, "max_image_regress.loss_total"},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %+v, want %+v", c.what, c.got, c.want)
				}
			}
			if len(tf.MaxRegress) != 3 || len(tf.MaxImageRegress) != 1 {
				t.Errorf("got %d and %d thresholds, want 3 and 1", len(tf.MaxRegress), len(tf.MaxImageRegress))
			}
		})
	}
}

func TestParseThresholdFileEmpty(t *testing.T) {
	tf, err := ParseThresholdFile(nil)
	if err != nil {
		t.Fatalf("empty file: %v", err)
	}
	if len(tf.MaxRegress) != 0 || len(tf.MaxImageRegress) != 0 {
		t.Errorf("empty file gave thresholds %+v", tf)
	}
}

func TestParseThresholdFileErrors(t *testing.T) {
	tests := []struct{ name, data, wantInMessage string }{
		{"unknown section", "max_regres:\n  sm: 0.1\n", `unknown key "max_regres" (line 1): expected max_regress and max_image_regress`},
		{"nested value", "max_regress:\n  sm: {a: 1}\n", "max_regress.sm (line 2)"},
		{"negative", "max_image_regress:\n  sm: -0.1\n", "max_image_regress.sm (line 2): invalid threshold"},
		{"not a map", "- 1\n- 2\n", "invalid thresholds file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseThresholdFile([]byte(tt.data))
			if err == nil {
				t.Fatal("succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %q does not contain %q", err, tt.wantInMessage)
			}
		})
	}
}

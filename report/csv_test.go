package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestWriteCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "two-models.per_image.csv", buf.Bytes())
}

func TestWriteCSVRejectsShortRow(t *testing.T) {
	run := testRun()
	run.Models[1].Rows[0].Values = run.Models[1].Rows[0].Values[:3]
	err := WriteCSV(&bytes.Buffer{}, run)
	if err == nil {
		t.Fatal("WriteCSV accepted a row with 3 values for 10 columns")
	}
	for _, want := range []string{`"ModelB"`, `"001"`, "3 values, want 10"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestWriteCSVFailedRowWithoutValues(t *testing.T) {
	run := testRun()
	run.Models[0].Rows[2].Values = nil // the failed row
	var buf bytes.Buffer
	if err := WriteCSV(&buf, run); err != nil {
		t.Fatal(err)
	}
	want := "ModelA,003,0,0,0,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,decode data/pred-a/003.png: unexpected EOF\n"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("output has no line %q:\n%s", want, buf.String())
	}
}

func TestCSVRoundTripBitIdentical(t *testing.T) {
	tenth, fifth := 0.1, 0.2
	values := []float64{
		tenth + fifth, // 0.30000000000000004
		1e-300,
		math.SmallestNonzeroFloat64,
		math.MaxFloat64,
		math.Copysign(0, -1),
		-1.0 / 3,
		math.NaN(),
		math.Inf(1),
		math.Inf(-1),
		123456789012345680000,
	}
	lossKeys := []string{"loss_a", "loss_b", "loss_c", "loss_d", "loss_e"}
	metricKeys := []string{"m1", "m2", "m3", "m4", "m5"}
	run := &Run{
		LossKeys:   lossKeys,
		MetricKeys: metricKeys,
		Models: []Model{{
			Name: "m, with \"quotes\"",
			Rows: []Row{{Name: "a\nb", Height: 3, Width: 4, Resized: true, Values: values, Err: ""}},
		}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, run); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}

	if strings.Join(got.LossKeys, ",") != strings.Join(lossKeys, ",") {
		t.Errorf("LossKeys = %q, want %q", got.LossKeys, lossKeys)
	}
	if strings.Join(got.MetricKeys, ",") != strings.Join(metricKeys, ",") {
		t.Errorf("MetricKeys = %q, want %q", got.MetricKeys, metricKeys)
	}
	if len(got.Models) != 1 || len(got.Models[0].Rows) != 1 {
		t.Fatalf("got %d models, want 1 model with 1 row", len(got.Models))
	}
	m := got.Models[0]
	if m.Name != run.Models[0].Name {
		t.Errorf("model name = %q, want %q", m.Name, run.Models[0].Name)
	}
	row := m.Rows[0]
	if row.Name != "a\nb" || row.Height != 3 || row.Width != 4 || !row.Resized || row.Err != "" {
		t.Errorf("row = %+v, want name \"a\\nb\", 3x4, resized, no error", row)
	}
	for i, want := range values {
		v := row.Values[i]
		if math.IsNaN(want) {
			if !math.IsNaN(v) {
				t.Errorf("value %d = %v, want NaN", i, v)
			}
			continue
		}
		wantBits := math.Float64bits(want)
		if want == 0 {
			wantBits = 0 // WriteCSV writes negative zero as "0"
		}
		if math.Float64bits(v) != wantBits {
			t.Errorf("value %d = %v (bits %#x), want bits %#x", i, v, math.Float64bits(v), wantBits)
		}
	}
}

func TestCSVRoundTripTestRun(t *testing.T) {
	run := testRun()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, run); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Models) != 2 {
		t.Fatalf("got %d models, want 2", len(got.Models))
	}
	for mi, m := range got.Models {
		want := run.Models[mi]
		if m.Name != want.Name {
			t.Errorf("model %d name = %q, want %q", mi, m.Name, want.Name)
		}
		if len(m.Rows) != len(want.Rows) {
			t.Errorf("model %s: %d rows, want %d", m.Name, len(m.Rows), len(want.Rows))
			continue
		}
		for ri, row := range m.Rows {
			w := want.Rows[ri]
			if row.Name != w.Name || row.Err != w.Err || row.Resized != w.Resized || row.Height != w.Height || row.Width != w.Width {
				t.Errorf("model %s row %d = %+v, want %+v", m.Name, ri, row, w)
			}
			for j, v := range row.Values {
				if math.Float64bits(v) != math.Float64bits(w.Values[j]) && !(math.IsNaN(v) && math.IsNaN(w.Values[j])) {
					t.Errorf("model %s row %s value %d = %v, want %v", m.Name, row.Name, j, v, w.Values[j])
				}
			}
		}
	}
}

func TestReadCSVColumnsByName(t *testing.T) {
	in := "loss_total,name,mae,model,error,width,height,resized\n7.5,x,0.25,M,,4,3,1\n"
	got, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	row := got.Models[0].Rows[0]
	if got.Models[0].Name != "M" || row.Name != "x" || row.Width != 4 || row.Height != 3 || !row.Resized {
		t.Errorf("row = %+v of model %q, want x, 4x3, resized, of M", row, got.Models[0].Name)
	}
	if len(row.Values) != 2 || row.Values[0] != 7.5 || row.Values[1] != 0.25 {
		t.Errorf("values = %v, want [7.5 0.25] (loss_total, then mae)", row.Values)
	}
}

func TestReadCSVErrors(t *testing.T) {
	header := "model,name,height,width,resized,error,loss_total"
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "empty"},
		{"missing column", "model,name,height,width,error,loss_total\n", `missing column "resized"`},
		{"duplicate column", header + ",loss_total\n", `duplicate column "loss_total"`},
		{"bad number", header + "\nM,a,1,1,0,,abc\n", `line 2: column "loss_total": invalid number "abc"`},
		{"empty number", header + "\nM,a,1,1,0,,\n", `invalid number ""`},
		{"bad height", header + "\nM,a,x,1,0,,1\n", `column "height": invalid integer "x"`},
		{"bad resized", header + "\nM,a,1,1,yes,,1\n", `column "resized": invalid value "yes"`},
		{"short record", header + "\nM,a,1\n", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ReadCSV(%q) succeeded, want an error containing %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

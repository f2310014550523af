package eval

import (
	"strings"
	"testing"
)

func TestReadClsCSV(t *testing.T) {
	in := "name,label,logit_0,logit_1,logit_2\n# a comment line\na,0,2,0.5,-1\nb#1,2,0,0,1e3\n"
	got, err := ReadClsCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d samples, want 2", len(got))
	}
	a := got["a"]
	if a.Label != 0 {
		t.Errorf("label of a = %d, want 0", a.Label)
	}
	if len(a.Logits) != 3 || a.Logits[0] != 2 || a.Logits[1] != 0.5 || a.Logits[2] != -1 {
		t.Errorf("logits of a = %v, want [2 0.5 -1]", a.Logits)
	}
	if got["b#1"].Logits[2] != 1000 {
		t.Errorf("logits of b#1 = %v", got["b#1"].Logits)
	}
}

func TestReadClsCSVErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", "empty file"},
		{"bad header", "image,class,z0\n", "invalid header"},
		{"no logits", "name,label\n", "invalid header"},
		{"label out of range", "name,label,l0,l1\na,2,0,0\n", "invalid label"},
		{"label not integer", "name,label,l0,l1\na,x,0,0\n", "invalid label"},
		{"logit not number", "name,label,l0,l1\na,0,zero,0\n", "invalid logit"},
		{"logit infinite", "name,label,l0,l1\na,0,Inf,0\n", "invalid logit"},
		{"duplicate", "name,label,l0,l1\na,0,0,0\na,1,0,0\n", "listed twice"},
		{"ragged row", "name,label,l0,l1\na,0,0\n", "wrong number of fields"},
		{"empty name", "name,label,l0,l1\n,0,0,0\n", "empty image name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadClsCSV(strings.NewReader(c.in))
			if err == nil {
				t.Fatalf("no error for %q", c.in)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

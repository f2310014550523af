package loss

import (
	"strings"
	"testing"
)

func TestComponentByKey(t *testing.T) {
	for c := range NumComponents {
		got, ok := ComponentByKey(c.Key())
		if !ok || got != c {
			t.Errorf("ComponentByKey(%q) = %v, %v; want %v", c.Key(), got, ok, c)
		}
		if c.String() != c.Key() {
			t.Errorf("String() = %q, Key() = %q", c.String(), c.Key())
		}
	}
	if _, ok := ComponentByKey("triplet"); ok {
		t.Error("ComponentByKey(triplet) found a component; BiRefNet has none")
	}
	if got := Component(99).String(); got != "Component(99)" {
		t.Errorf("String of an invalid component = %q", got)
	}
}

func TestComponentInformational(t *testing.T) {
	for c := range NumComponents {
		want := c == IoUPatchTiled || c == StructureLogit
		if c.Informational() != want {
			t.Errorf("%s.Informational() = %v, want %v", c, c.Informational(), want)
		}
	}
}

func TestParseSet(t *testing.T) {
	got, err := ParseSet(" bce, ssim ,iou_patch_tiled")
	if err != nil {
		t.Fatal(err)
	}
	var want Set
	want[BCE], want[SSIM], want[IoUPatchTiled] = true, true, true
	if got != want {
		t.Errorf("ParseSet = %v, want %v", got, want)
	}
	if got, err := ParseSet("loss_bce, iou"); err != nil || got != (Set{BCE: true, IoU: true}) {
		t.Errorf(`ParseSet("loss_bce, iou") = %v, %v; want bce and iou`, got, err)
	}
	if got, err := ParseSet("all"); err != nil || got != AllComponents() {
		t.Errorf(`ParseSet("all") = %v, %v`, got, err)
	}
	if got, err := ParseSet("none"); err != nil || got != (Set{}) {
		t.Errorf(`ParseSet("none") = %v, %v`, got, err)
	}
	for _, bad := range []string{"bce,triplet", "bce,,iou", "", "BCE", "loss_total"} {
		_, err := ParseSet(bad)
		if err == nil || !strings.Contains(err.Error(), "bce, iou, iou_patch, ssim, mae, mse, reg, cnt, structure, iou_patch_tiled, structure_logit") {
			t.Errorf("ParseSet(%q) error = %v, want it to list the valid keys", bad, err)
		}
	}
}

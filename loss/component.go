package loss

import (
	"fmt"
	"strings"
)

// Component identifies one loss term. The order of the constants is the
// column order of every output. The formulas use p for the prediction and g
// for the ground truth (both in [0, 1]), N for the number of pixels and ⟨·⟩
// for the mean over all N pixels.
type Component int

const (
	// BCE is nn.BCELoss with mean reduction, each log term clamped at −100:
	//
	//	bce = −⟨g·max(ln p, −100) + (1−g)·max(ln(1−p), −100)⟩
	//
	// p itself is not clamped, so p = 0 on g = 1 costs exactly 100.
	BCE Component = iota

	// IoU is BiRefNet's soft IoU loss, without epsilon:
	//
	//	iou = 1 − I/U,  I = Σ p·g,  U = Σ p + Σ g − I
	//
	// Deviation from BiRefNet: an all-zero prediction on an all-zero GT
	// (0/0, NaN in the original) is 0, because both masks agree and a
	// sigmoid output never reaches exactly 0.
	IoU

	// IoUPatch is BiRefNet's PatchIoULoss as it actually runs: its loops
	// step over the batch and channel counts instead of height and width, so
	// it scores only the top-left min(64, H)×min(64, W) crop with the IoU
	// formula. A crop that is all zero in both maps gives 0, as for IoU.
	IoUPatch

	// SSIM is BiRefNet's SSIMLoss since October 2024:
	//
	//	ssim = 1 − (1 + ⟨S⟩)/2
	//	S = (2μp·μg + C1)(2σpg + C2) / ((μp² + μg² + C1)(σp² + σg² + C2))
	//
	// μ, σ² and σpg are local moments under an 11×11 Gaussian window
	// (σ = 1.5) with zero padding of 5 pixels, C1 = 0.01², C2 = 0.03².
	// BiRefNet builds the window in float32. This package applies its
	// float32 1-D weights as a separable filter in float64, scaled so that
	// the window sums like the original's, and agrees with the original to
	// within 1e-8 relative (see the package doc).
	SSIM

	// MAE is nn.L1Loss: ⟨|p − g|⟩.
	MAE

	// MSE is nn.MSELoss: ⟨(p − g)²⟩.
	MSE

	// Reg is BiRefNet's threshold regulariser ThrReg_loss:
	//
	//	reg = ⟨1 − p² − (p − 1)²⟩ = ⟨2p(1 − p)⟩
	//
	// It ignores g.
	Reg

	// Cnt is BiRefNet's ContourLoss with length weight 10:
	//
	//	cnt = 10·⟨√(r² + c² + 1e-8)⟩ + ⟨p(1 − g)²⟩ + ⟨(1 − p)g²⟩
	//	r(a, b) = p(a+2, b) − p(a+1, b),  c(a, b) = p(a, b+2) − p(a, b+1)
	//
	// The length mean runs over 0 ≤ a ≤ H−3, 0 ≤ b ≤ W−3, with the
	// original's index offsets. An image under 3 pixels in height or width
	// has no such position, so cnt is NaN there, as in the original.
	Cnt

	// Structure is the MVANet structure loss as BiRefNet calls it today,
	// with the probability p as its "logit" x:
	//
	//	ω = 1 + 5·|A(g) − g|
	//	wbce = Σ ω·(max(x, 0) − x·g + ln(1 + e^(−|x|))) / Σ ω
	//	wiou = 1 − (Σ σ(x)·g·ω + 1) / (Σ (σ(x) + g)·ω − Σ σ(x)·g·ω + 1)
	//	structure = wbce + wiou
	//
	// A is the 31×31 box mean with zero padding 15 and divisor 961
	// everywhere, so foreground at the border gets extra weight. Because
	// σ(p) ∈ [0.5, 0.7311], the value never approaches 0.
	Structure

	// IoUPatchTiled is what IoUPatch was meant to compute: the IoU loss
	// summed over every 64×64 tile, partial edge tiles included. A tile that
	// is all zero in both maps contributes 0, as for IoU. Informational:
	// BiRefNet never computes it, so it is never part of a weighted total.
	IoUPatchTiled

	// StructureLogit is Structure fed x = logit(clamp(p, 1/510, 509/510)),
	// the criterion as designed (and as BiRefNet fed it from May to
	// November 2024). Informational: never part of a weighted total.
	StructureLogit

	// NumComponents is the number of components.
	NumComponents
)

var componentKeys = [NumComponents]string{
	"bce", "iou", "iou_patch", "ssim", "mae", "mse", "reg", "cnt", "structure",
	"iou_patch_tiled", "structure_logit",
}

// Key returns BiRefNet's key of the component, as used in lambdas_pix_last.
func (c Component) Key() string { return componentKeys[c] }

// String returns the key, so that a Component prints as its key.
func (c Component) String() string {
	if c < 0 || c >= NumComponents {
		return fmt.Sprintf("Component(%d)", int(c))
	}
	return componentKeys[c]
}

// Informational reports whether the component is an extra that BiRefNet does
// not compute (IoUPatchTiled, StructureLogit). Such a component has no weight
// and never enters a total.
func (c Component) Informational() bool {
	return c == IoUPatchTiled || c == StructureLogit
}

// ComponentByKey returns the component whose Key is key.
func ComponentByKey(key string) (Component, bool) {
	for c := range NumComponents {
		if componentKeys[c] == key {
			return c, true
		}
	}
	return 0, false
}

// Values holds one value per component, indexed by Component.
type Values [NumComponents]float64

// Set marks which components to compute.
type Set [NumComponents]bool

// AllComponents returns the set of every component.
func AllComponents() Set {
	var s Set
	for c := range s {
		s[c] = true
	}
	return s
}

// ParseSet parses "all", "none" or a comma-separated list of keys such as
// "bce,iou,ssim". A key may carry the "loss_" prefix of the output columns
// ("loss_bce"). Spaces around items are ignored. An unknown or empty item
// is an error that lists the valid keys.
func ParseSet(list string) (Set, error) {
	var s Set
	switch strings.TrimSpace(list) {
	case "all":
		return AllComponents(), nil
	case "none":
		return s, nil
	}
	for item := range strings.SplitSeq(list, ",") {
		key := strings.TrimSpace(item)
		c, ok := ComponentByKey(strings.TrimPrefix(key, "loss_"))
		if !ok {
			return Set{}, fmt.Errorf("unknown loss component %q in %q: valid keys are all, none or a comma-separated list of %s",
				key, list, strings.Join(componentKeys[:], ", "))
		}
		s[c] = true
	}
	return s, nil
}

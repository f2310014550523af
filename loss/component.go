package loss

// Component identifies one loss term. The order of the constants is the
// column order of every output.
type Component int

const (
	BCE Component = iota
	IoU
	IoUPatch
	SSIM
	MAE
	MSE
	Reg
	Cnt
	Structure
	IoUPatchTiled
	StructureLogit
	NumComponents
)

var componentKeys = [NumComponents]string{
	"bce", "iou", "iou_patch", "ssim", "mae", "mse", "reg", "cnt", "structure",
	"iou_patch_tiled", "structure_logit",
}

// Key returns BiRefNet's key of the component, as used in lambdas_pix_last.
func (c Component) Key() string { return componentKeys[c] }

// Values holds one value per component, indexed by Component.
type Values [NumComponents]float64

// Set marks which components to compute.
type Set [NumComponents]bool

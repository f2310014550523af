package loss

import (
	"fmt"
	"math"
)

// Input is one image pair. P and G are row-major, length Width*Height, values
// in [0,1]: P = prediction/255 and G = GT/255 (GT not binarised). P8/G8, when
// non-nil, are the 8-bit levels with P[i] == float64(P8[i])/255 exactly, so
// that per-level lookup tables can replace per-pixel log/exp; they are nil
// when P came from a float resize.
//
// Values outside [0, 1] break the contract. BiRefNet raises an error for
// them, while this package does not check and returns meaningless values.
type Input struct {
	Width, Height int
	P, G          []float64
	P8, G8        []uint8
}

// Workspace contains scratch buffers reused across calls. The zero value is
// ready to use, and a Workspace is not safe for concurrent use. Once its
// buffers have grown to the largest image seen, Compute allocates nothing.
type Workspace struct {
	level levelSums
	tiles []tileSums
	box   boxBuffers
	ssim  ssimBuffers
}

// Compute returns every component in set; components not in set are NaN. It
// uses a fresh Workspace, so a caller that evaluates many pairs should keep
// one Workspace per goroutine and call its Compute method instead.
func Compute(in Input, set Set) Values {
	var ws Workspace
	return ws.Compute(in, set)
}

// Compute returns every component in set; components not in set are NaN, and
// so is every component of an image with no pixels. Inputs whose slice
// lengths do not match Width*Height are a programming error and panic.
//
// When both P8 and G8 are given, all sums except those of SSIM and the
// contour length are exact integer sums over the 8-bit levels, followed by
// one float64 step per level. Otherwise every pixel is evaluated in float64.
// The tests hold both routes to BiRefNet's float64 values within 1e-9
// relative, and to each other within 1e-12.
func (ws *Workspace) Compute(in Input, set Set) Values {
	in.check()
	var v Values
	for c := range v {
		v[c] = math.NaN()
	}
	if in.Width == 0 || in.Height == 0 {
		return v
	}

	pixel := set[BCE] || set[IoU] || set[MAE] || set[MSE] || set[Reg] || set[Cnt]
	patch := set[IoUPatch] || set[IoUPatchTiled]
	structure := set[Structure] || set[StructureLogit]
	exact := in.P8 != nil && in.G8 != nil

	var r pixelResults
	switch {
	case exact && (pixel || patch || structure):
		ws.levelPass(in, patch, structure)
		r = ws.level.results(in.Width*in.Height, structure)
	case !exact && (pixel || patch):
		r = ws.floatPass(in, patch)
	}
	if patch {
		r.iouPatch, r.iouPatchTiled = ws.tileLosses(in, exact)
	}
	if structure && !exact {
		r.structure, r.structureLogit = ws.structureFloat(in, set[Structure], set[StructureLogit])
	}

	v[BCE] = r.bce
	v[IoU] = r.iou
	v[IoUPatch] = r.iouPatch
	v[MAE] = r.mae
	v[MSE] = r.mse
	v[Reg] = r.reg
	v[Structure] = r.structure
	v[IoUPatchTiled] = r.iouPatchTiled
	v[StructureLogit] = r.structureLogit
	if set[Cnt] {
		v[Cnt] = 10*contourLength(in) + r.region
	}
	if set[SSIM] {
		v[SSIM] = ws.ssimLoss(in)
	}

	for c := range v {
		if !set[c] {
			v[c] = math.NaN()
		}
	}
	return v
}

func (in Input) check() {
	if in.Width < 0 || in.Height < 0 {
		panic(fmt.Sprintf("loss: negative image size %dx%d", in.Width, in.Height))
	}
	n := in.Width * in.Height
	if len(in.P) != n || len(in.G) != n {
		panic(fmt.Sprintf("loss: %dx%d image needs %d values, got len(P)=%d len(G)=%d",
			in.Width, in.Height, n, len(in.P), len(in.G)))
	}
	if in.P8 != nil && len(in.P8) != n {
		panic(fmt.Sprintf("loss: %dx%d image needs %d levels, got len(P8)=%d", in.Width, in.Height, n, len(in.P8)))
	}
	if in.G8 != nil && len(in.G8) != n {
		panic(fmt.Sprintf("loss: %dx%d image needs %d levels, got len(G8)=%d", in.Width, in.Height, n, len(in.G8)))
	}
}

// pixelResults collects the components that come out of the per-pixel
// passes, plus the region term of the contour loss.
type pixelResults struct {
	bce, iou, mae, mse, reg, region float64
	iouPatch, iouPatchTiled         float64
	structure, structureLogit       float64
}

// iouLoss returns 1 − i/u, with the empty-pair convention 0/0 → 0 (BiRefNet
// gives NaN there, see IoU).
func iouLoss(i, u float64) float64 {
	if u == 0 {
		return 0
	}
	return 1 - i/u
}

// grow returns s resized to n elements, reusing its array when large enough.
// The contents are not cleared.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

package loss

// patchSize is the window of BiRefNet's PatchIoULoss.
const patchSize = 64

// tileSums contains Σ p, Σ g and Σ p·g over one 64×64 tile. The 8-bit pass
// stores integer sums of the levels (exact in float64), the float pass sums
// of the values in [0, 1].
type tileSums struct{ p, g, pg float64 }

func tileCounts(w, h int) (nx, ny int) {
	return (w + patchSize - 1) / patchSize, (h + patchSize - 1) / patchSize
}

func (ws *Workspace) resetTiles(w, h int) {
	nx, ny := tileCounts(w, h)
	ws.tiles = grow(ws.tiles, nx*ny)
	clear(ws.tiles)
}

func (ws *Workspace) addTileRow8(i int, p8, g8 []uint8) {
	nx, _ := tileCounts(len(p8), 0)
	row := ws.tiles[(i/patchSize)*nx : (i/patchSize+1)*nx]
	for t := range row {
		lo := t * patchSize
		hi := min(lo+patchSize, len(p8))
		var sp, sg, spg uint32
		for j := lo; j < hi; j++ {
			p, g := uint32(p8[j]), uint32(g8[j])
			sp += p
			sg += g
			spg += p * g
		}
		row[t].p += float64(sp)
		row[t].g += float64(sg)
		row[t].pg += float64(spg)
	}
}

func (ws *Workspace) addTileRowFloat(i int, p, g []float64) {
	nx, _ := tileCounts(len(p), 0)
	row := ws.tiles[(i/patchSize)*nx : (i/patchSize+1)*nx]
	for t := range row {
		lo := t * patchSize
		hi := min(lo+patchSize, len(p))
		var sp, sg, spg float64
		for j := lo; j < hi; j++ {
			sp += p[j]
			sg += g[j]
			spg += p[j] * g[j]
		}
		row[t].p += sp
		row[t].g += sg
		row[t].pg += spg
	}
}

// tileLosses returns the IoU loss of the top-left tile (IoUPatch) and the sum
// of the IoU losses of all tiles (IoUPatchTiled), from ws.tiles.
func (ws *Workspace) tileLosses(in Input, exact bool) (corner, tiled float64) {
	nx, ny := tileCounts(in.Width, in.Height)
	for t := range ws.tiles[:nx*ny] {
		s := ws.tiles[t]
		var l float64
		if exact {
			// Sums of levels: I·255² = Σ P8·G8, U·255² = 255·(Σ P8 + Σ G8) − that.
			l = iouLoss(s.pg, 255*(s.p+s.g)-s.pg)
		} else {
			l = iouLoss(s.pg, s.g+s.p-s.pg)
		}
		if t == 0 {
			corner = l
		}
		tiled += l
	}
	return corner, tiled
}

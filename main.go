// Command birefloss evaluates mask-segmentation predictions against ground
// truth with BiRefNet's loss components and the field's metrics.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/birefloss/birefloss/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	root := cmd.NewRootCmd(os.Stdout, os.Stderr)
	err := root.ExecuteContext(ctx)
	stop()
	if err != nil {
		cmd.PrintError(os.Stderr, err)
	}
	os.Exit(cmd.ExitCode(err))
}

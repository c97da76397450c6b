// Command ferretdb runs FerretDB v1 embedded, with its SQLite backend, as the local
// MongoDB-wire document store. Upstream's own binary cannot be `go install`ed (it panics
// without a generated version file), so the project builds this small wrapper instead.
// Clients connect through a gate (wire_gate.go) that makes single-document writes atomic.
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address for the MongoDB wire protocol")
	dataDir := flag.String("data", "./data", "directory holding the SQLite databases")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		// Decoding stored JSON allocates heavily; a quarter of the CPU went to the collector at the default 100.
		debug.SetGCPercent(400)
	}

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatalf("create data dir: %v", err)
	}
	socket := filepath.Join(*dataDir, "ferretdb.sock")
	_ = os.Remove(socket) // left behind by a crash

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{Unix: socket},
		Handler:  "sqlite",
		// WAL without an fsync per commit: a killed process loses nothing, an OS crash may lose
		// the last moments, which matches MongoDB's default (w:1, journal flushed every 100 ms).
		// No automatic checkpoint inside commits: checkpointer.go runs them in the background.
		SQLiteURL: "file:" + *dataDir + "/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(0)",
	})
	if err != nil {
		log.Fatalf("configure ferretdb: %v", err)
	}

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen on %s: %v", *listen, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		listener.Close()
	}()
	go func() {
		if err := serveGated(listener, socket, &gateLocks{}); err != nil {
			log.Fatalf("gate stopped: %v", err)
		}
	}()

	go checkpointPeriodically(ctx, *dataDir, 250*time.Millisecond)

	log.Printf("ferretdb listening on %s, data in %s", *listen, *dataDir)
	if err := f.Run(ctx); err != nil {
		log.Fatalf("ferretdb stopped: %v", err)
	}
	log.Printf("ferretdb stopped")
}

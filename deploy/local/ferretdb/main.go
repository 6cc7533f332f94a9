// Command headend-ferretdb runs FerretDB 1.x (SQLite backend) as a local MongoDB-wire server
// for Headend development and tests.
//
// It embeds the github.com/FerretDB/FerretDB/ferretdb package instead of installing
// cmd/ferretdb, whose `go install` build panics at start on a missing
// build/version/version.txt (FerretDB issue 2982).
//
// Usage:
//
//	headend-ferretdb [-listen-addr 127.0.0.1:27017] [-data-dir DIR] [-log-level info]
//	headend-ferretdb ping [-addr 127.0.0.1:27017] [-timeout 2s]
//
// The server logs to stderr and exits cleanly (status 0) on SIGTERM or SIGINT.
// `ping` exits 0 only when a real MongoDB `ping` command over OP_MSG succeeds.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "ping" {
		os.Exit(ping(os.Args[2:]))
	}
	os.Exit(serve(os.Args[1:]))
}

func serve(args []string) int {
	fs := flag.NewFlagSet("headend-ferretdb", flag.ExitOnError)
	listen := fs.String("listen-addr", envOr("HEADEND_FERRETDB_LISTEN_ADDR", "127.0.0.1:27017"),
		"TCP listen address (env HEADEND_FERRETDB_LISTEN_ADDR)")
	dataDir := fs.String("data-dir", envOr("HEADEND_FERRETDB_DATA_DIR", "data"),
		"SQLite data directory, created if missing (env HEADEND_FERRETDB_DATA_DIR)")
	level := fs.String("log-level", envOr("HEADEND_FERRETDB_LOG_LEVEL", "info"),
		"log level: debug, info, warn, error (env HEADEND_FERRETDB_LOG_LEVEL)")
	_ = fs.Parse(args)

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "headend-ferretdb: bad -log-level %q: %s\n", *level, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	dir, err := filepath.Abs(*dataDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		logger.Error("cannot prepare data directory", "dir", *dataDir, "error", err)
		return 1
	}

	// The SQLite backend wants a "file:" URI naming an existing directory, ending with "/". FerretDB
	// adds WAL and a busy timeout. Writes begin IMMEDIATE: a deferred transaction that reads and then
	// writes cannot wait for another writer (SQLite answers SQLITE_BUSY at once, and FerretDB passes
	// "database is locked" on to the client), so concurrent upserts failed.
	sqliteURL := "file:" + filepath.ToSlash(dir) + "/?_txlock=immediate"

	// The embedded package reports "unknown"; report the FerretDB module version we link instead
	// (buildInfo.ferretdbVersion, serverStatus, logs).
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/FerretDB/FerretDB" {
				version.Get().Version = d.Version
			}
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "listen", *listen, "sqlite", sqliteURL, "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("headend-ferretdb listening", "ferretdb", version.Get().Version, "listen", *listen, "sqlite", sqliteURL, "pid", os.Getpid())

	if err := f.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("FerretDB stopped with an error", "error", err)
		return 1
	}

	logger.Info("headend-ferretdb stopped")
	return 0
}

// ping sends one real `ping` command (OP_MSG) with a direct connection and reports
// the server's wire version; it exits 0 only on {ok: 1}.
func ping(args []string) int {
	fs := flag.NewFlagSet("headend-ferretdb ping", flag.ExitOnError)
	addr := fs.String("addr", envOr("HEADEND_FERRETDB_LISTEN_ADDR", "127.0.0.1:27017"), "server address host:port")
	timeout := fs.Duration("timeout", 2*time.Second, "overall timeout")
	quiet := fs.Bool("q", false, "print nothing on success")
	_ = fs.Parse(args)

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	opts := options.Client().
		SetHosts([]string{*addr}).
		SetDirect(true).
		SetServerSelectionTimeout(*timeout).
		SetConnectTimeout(*timeout).
		SetMaxPoolSize(1)

	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ping %s: %s\n", *addr, err)
		return 1
	}
	defer func() { _ = client.Disconnect(context.Background()) }()

	if err = client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		fmt.Fprintf(os.Stderr, "ping %s: %s\n", *addr, err)
		return 1
	}

	if !*quiet {
		var hello bson.M
		_ = client.Database("admin").RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello)
		var build bson.M
		_ = client.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&build)
		fmt.Printf("ok %s version=%v ferretdb=%v maxWireVersion=%v\n",
			*addr, build["version"], strings.TrimSpace(fmt.Sprint(build["ferretdbVersion"])), hello["maxWireVersion"])
	}
	return 0
}

package main

import "flag"

// update rewrites golden files and testscript expectations.
var update = flag.Bool("update", false, "update golden files and script expectations")

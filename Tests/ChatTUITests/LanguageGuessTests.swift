import XCTest

@testable import ChatTUI

/// The language of a block whose fence names none, from its first line with text.
final class LanguageGuessTests: XCTestCase {
    private func guess(_ line: String) -> String? {
        LanguageGuess.language(of: line.utf8)?.name
    }

    func testFirstLinesGuessTheirLanguage() {
        let expected: [(String, String)] = [
            ("#!/usr/bin/env python3", "python"), ("#!/bin/sh", "shell"), ("#!/usr/bin/env bash", "shell"),
            ("#!/usr/bin/env node", "javascript"), (#"<?xml version="1.0"?>"#, "xml"), ("<!DOCTYPE html>", "html"),
            ("<div class=\"x\">", "html"), ("{", "json"), (#"{"name": 1}"#, "json"), ("[{", "json"),
            ("diff --git a/x b/x", "diff"), ("--- a/main.c", "diff"), ("@@ -1,3 +1,4 @@", "diff"),
            ("FROM ubuntu:24.04", "dockerfile"), ("package main", "go"), ("package com.example;", "java"),
            ("#include <stdio.h>", "c"), ("#include <iostream>", "cpp"), ("fn main() {", "rust"),
            ("use std::io;", "rust"), ("def main():", "python"), ("import os", "python"),
            ("from pathlib import Path", "python"), ("func greet(name: String) {", "swift"),
            ("import Foundation", "swift"), ("func (s *Server) Start() error {", "go"),
            ("SELECT * FROM users;", "sql"), ("create table t (id int);", "sql"), ("[server]", "toml"),
            ("name: web", "yaml"), ("- name: install", "yaml"), ("$ ls -la", "console"),
            ("sudo apt install ripgrep", "shell"), ("const x = require('x');", "javascript"),
            ("import { a } from './a';", "javascript"), ("public class Main {", "java"),
            ("interface Props { title: string }", "typescript"),
        ]
        for (line, language) in expected {
            XCTAssertEqual(guess(line), language, line)
        }
    }

    func testLinesThatSayNothingLeaveTheBlockPlain() {
        for line in ["hello world", "x = 1", "// a comment", "12345", "Something went wrong."] {
            XCTAssertNil(guess(line), line)
        }
    }

    func testTheGuessIsMadeOnceFromTheFirstLineWithText() {
        var state = CodeHighlight.guessing
        state = state.after("   ")
        XCTAssertEqual(state, .guessing, "a blank line leaves the guess to the next")
        state = state.after("import os")
        XCTAssertEqual(state, .lexing(.python, .code))
        state = state.after("FROM x")
        XCTAssertEqual(state, .lexing(.python, .code), "never revised")
        XCTAssertEqual(CodeHighlight.guessing.after("no language here"), .plain)
        XCTAssertEqual(CodeHighlight.plain.after("import os"), .plain)
    }

    func testTheFirstLineIsColouredByItsOwnGuessOnceComplete() {
        var line = CodeLineHighlighter(.guessing)
        line.append("de".utf8, complete: false)
        XCTAssertEqual(line.role(at: 0), .codeBlock, "no guess from what the line says so far")
        line.append("f f".utf8, complete: false)
        XCTAssertEqual(line.settled, 0, "nothing is settled while the line may still change the guess")
        XCTAssertEqual(line.role(at: 0), .codeKeyword, "shown as guessed so far")
        line.append("():".utf8, complete: true)
        XCTAssertEqual(line.role(at: 0), .codeKeyword)
        XCTAssertEqual(line.role(at: 4), .codeFunction)
    }

    func testALongFirstLineIsGuessedFromItsStartBeforeItEnds() {
        var line = CodeLineHighlighter(.guessing)
        line.append(("{\"data\": \"" + String(repeating: "x", count: LanguageGuess.window)).utf8, complete: false)
        XCTAssertEqual(line.role(at: 2), .codeString)
        XCTAssertGreaterThan(line.settled, 0)
    }
}

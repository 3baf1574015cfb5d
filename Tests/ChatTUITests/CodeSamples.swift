@testable import ChatTUI

/// A few lines of every language the highlighter knows, with what each language makes hard:
/// comments and strings over lines, escapes, markers cut by the end of the text so far.
enum CodeSamples {
    static let lines: [(CodeLanguage, [String])] = [
        (
            .python,
            [
                #"@dataclass"#, #"def f(x=1.5e-3, *a):  # note"#, #"    s = r"\d" + f'{x}' + """doc"#,
                #"more""" if x else None"#,
            ]
        ),
        (
            .swift,
            [
                #"import Foundation"#, #"/* a /* b */ c"#, #"*/ let s = "q\"x" + """"#, #"  text \(a)"#, #"  """"#,
                #"@MainActor func f() -> Int? { nil }"#,
            ]
        ),
        (.javascript, [#"const re = a / b; // c"#, #"let t = `x ${y}"#, #"z`; $el.on('a\'b', () => 0x1f);"#]),
        (.typescript, [#"export interface A<T> { x?: number }"#, #"type B = A<string> & { y: "s" }"#]),
        (.go, [#"package main"#, #"func (r *T) Get() error { return fmt.Errorf(`raw"#, #"text`, 'c') }"#]),
        (
            .rust,
            [
                #"#[derive(Debug)]"#, #"fn f<'a>(x: &'a str) -> char { 'x' } // c /* d"#,
                #"let s = b"bytes\n"; println!("{}", 1_000u32);"#,
            ]
        ),
        (.c, [#"#include <stdio.h>"#, #"  #define N 10 /* ten"#, #"   */ int main(void) { printf("%d\n", N); }"#]),
        (.cpp, [#"#include <vector>"#, #"auto v = std::vector<int>{1, 2}; // ok"#]),
        (.java, [#"@Override public String toString() {"#, #"  return """"#, #"    text""";"#]),
        (.shell, [#"#!/bin/sh"#, #"for f in "$@"; do echo ${f%.*} $1 a#b # c"#, #"x='multi"#, #"line' `date`"#]),
        (.console, [#"$ ls -l | grep x"#, #"total 0"#]),
        (.json, [#"{"a": [1, -2.5e10, true, null], "b": "c\"d"}"#]),
        (.yaml, [#"---"#, #"key: value # c"#, #"- name: "x: y""#, #"  url: http://a:1"#]),
        (.toml, [#"[table]"#, #"key = "v" # c"#, #"s = '''"#, #"raw'''"#]),
        (.sql, [#"SELECT a, COUNT(*) FROM t WHERE b = 'it''s' -- c"#, #"/* x"#, #"*/ order by 1;"#]),
        (.html, [#"<!DOCTYPE html>"#, #"<p class="a">x &lt; y <!-- c"#, #"--> <img src='a'"#, #"alt="b"/>"#]),
        (.xml, [#"<?xml version="1.0"?>"#, #"<a><![CDATA[ x < y ]]></a>"#]),
        (
            .diff,
            [#"diff --git a/x b/x"#, #"--- a/x"#, #"+++ b/x"#, #"@@ -1,2 +1,2 @@"#, #"-old"#, #"+new"#, #" same"#]
        ),
        (.dockerfile, [#"FROM python:3 AS base"#, #"RUN pip install x \"#, #"  && echo "$HOME" # c"#]),
    ]
}

#!/usr/bin/env python3
"""End-to-end tests of the triage CLI: classify --format jsonl, error
reporting, lint and eval.

Usage: cli_jsonl_test.py TRIAGE TESTDATA_DIR SCORE_PY [TEST...]
SCORE_PY (shared/eval/score.py) is compared with `triage eval` only when the
file exists. TEST names test classes or methods to run (default: all).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

TRIAGE = TESTDATA = SCORE_PY = None


def run(args, stdin=""):
    return subprocess.run([TRIAGE] + args, input=stdin.encode("utf-8"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)


def data(name):
    return os.path.join(TESTDATA, name)


def utf8_span(text, start, end):
    return text.encode("utf-8")[start:end].decode("utf-8")


class ClassifyJsonl(unittest.TestCase):
    LINES = [
        "提现失败了",
        "",
        "我的帳戶被盜了，請幫忙",
        "My withdrawal failed, and why the fees?",
        "今天天气不错",
    ]

    @classmethod
    def setUpClass(cls):
        cls.proc = run(["classify", "--format", "jsonl", "--pack",
                        data("small_pack.toml")],
                       "".join(line + "\n" for line in cls.LINES))
        cls.out = cls.proc.stdout.decode("utf-8").splitlines()
        cls.objs = [json.loads(line) for line in cls.out]

    def test_exit_status_and_quiet_stderr(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(self.proc.stderr, b"")

    def test_one_object_per_line_in_order(self):
        self.assertEqual(len(self.out), len(self.LINES))
        self.assertEqual([o["text"] for o in self.objs], self.LINES)

    def test_required_fields(self):
        for o in self.objs:
            for key in ("text", "language", "urgency", "categories", "steps",
                        "checklist"):
                self.assertIn(key, o)
            self.assertIn(o["urgency"], ("high", "normal"))
            self.assertIn(o["language"], ("zh", "en"))
            self.assertIsInstance(o["checklist"], list)
            for c in o["categories"]:
                for key in ("id", "title", "score", "urgency", "matches"):
                    self.assertIn(key, c)
                self.assertIn(c["urgency"], ("high", "normal"))
                for m in c["matches"]:
                    self.assertEqual(set(m), {"rule", "start", "end"})
                    self.assertLessEqual(0, m["start"])
                    self.assertLessEqual(m["start"], m["end"])
                    self.assertLessEqual(m["end"], len(o["text"].encode("utf-8")))
            self.assertTrue(o["steps"])
            for s in o["steps"]:
                self.assertEqual(set(s), {"category", "id", "text"})

    def test_simplified_line(self):
        o = self.objs[0]
        self.assertEqual(o["language"], "zh")
        self.assertEqual(o["urgency"], "normal")
        self.assertEqual([c["id"] for c in o["categories"]], ["withdrawal_failed"])
        c = o["categories"][0]
        self.assertEqual(c["title"], "提现失败")
        self.assertEqual(c["score"], 1.0)
        self.assertEqual(c["matches"], [{"rule": "withdraw_fail", "start": 0, "end": 12}])
        self.assertEqual([(s["category"], s["id"]) for s in o["steps"]],
                         [("withdrawal_failed", "check_card"),
                          ("withdrawal_failed", "retry")])
        self.assertIn("400-111-2222", o["steps"][1]["text"])
        self.assertEqual(o["checklist"], ["提现的时间和金额", "注册手机号"])

    def test_empty_line_gives_no_categories(self):
        o = self.objs[1]
        self.assertEqual(o["text"], "")
        self.assertEqual(o["categories"], [])
        self.assertEqual(o["urgency"], "normal")
        self.assertEqual([s["category"] for s in o["steps"]], ["fallback", "fallback"])
        self.assertEqual(o["checklist"], [])

    def test_traditional_line(self):
        o = self.objs[2]
        self.assertEqual(o["urgency"], "high")
        self.assertEqual([c["id"] for c in o["categories"]],
                         ["unauthorized_transaction"])
        m = o["categories"][0]["matches"]
        self.assertEqual([x["rule"] for x in m], ["stolen"])
        self.assertEqual(utf8_span(o["text"], m[0]["start"], m[0]["end"]), "被盜")
        self.assertEqual(o["steps"][0]["id"], "freeze")
        self.assertEqual(o["checklist"], ["注册手机号", "可疑交易的时间"])

    def test_english_line_ranks_by_score(self):
        o = self.objs[3]
        self.assertEqual(o["language"], "en")
        self.assertEqual([c["id"] for c in o["categories"]],
                         ["fee_question", "withdrawal_failed"])
        self.assertEqual([c["score"] for c in o["categories"]], [2.0, 1.0])
        self.assertEqual(o["categories"][0]["title"], "Fee question")
        w = o["categories"][1]["matches"][0]
        self.assertEqual(utf8_span(o["text"], w["start"], w["end"]),
                         "withdrawal failed")

    def test_no_match_gives_fallback(self):
        o = self.objs[4]
        self.assertEqual(o["categories"], [])
        self.assertEqual([s["id"] for s in o["steps"]], ["describe", "contact"])


class ClassifyOptions(unittest.TestCase):
    def classify(self, *args, text="我的账户被盗了"):
        p = run(["classify", "--format", "jsonl", "--pack",
                 data("small_pack.toml")] + list(args) + [text])
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout.decode("utf-8"))

    def test_brand_override(self):
        o = self.classify("--brand", "hotline=95000")
        self.assertEqual(o["steps"][1]["text"], "拨打热线 95000 报告被盗。")

    def test_explicit_language(self):
        o = self.classify("--lang", "en")
        self.assertEqual(o["language"], "en")
        self.assertEqual(o["steps"][0]["text"], "Freeze your account in Test Wallet now.")

    def test_cache_dir_keeps_the_plan_and_changes_no_result(self):
        with tempfile.TemporaryDirectory() as d:
            plain = self.classify(text="提现失败，账户被盗")
            first = self.classify("--cache-dir", d, text="提现失败，账户被盗")
            files = os.listdir(d)
            self.assertEqual(len(files), 1, files)
            self.assertTrue(files[0].startswith("triage-plan-"), files)
            again = self.classify("--cache-dir", d, text="提现失败，账户被盗")
            self.assertEqual(os.listdir(d), files)
            self.assertEqual(first, plain)
            self.assertEqual(again, plain)

    def test_text_arguments_each_give_a_line(self):
        p = run(["classify", "--format", "jsonl", "--pack",
                 data("small_pack.toml"), "提现失败", "hello"])
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.decode("utf-8").splitlines()
        self.assertEqual([json.loads(x)["text"] for x in lines], ["提现失败", "hello"])


class BadInput(unittest.TestCase):
    def assert_one_error_line(self, args, stdin=""):
        p = run(args, stdin)
        self.assertNotEqual(p.returncode, 0, args)
        err = p.stderr.decode("utf-8", "replace").splitlines()
        self.assertEqual(len(err), 1, "stderr of %s:\n%s" % (args, "\n".join(err)))
        return err[0]

    def test_missing_pack_file(self):
        line = self.assert_one_error_line(
            ["classify", "--pack", data("no_such_pack.toml"), "x"])
        self.assertIn("no_such_pack.toml", line)

    def test_unknown_flag(self):
        self.assert_one_error_line(["classify", "--no-such-flag", "x"])

    def test_bad_language(self):
        line = self.assert_one_error_line(["classify", "--lang", "fr", "x"])
        self.assertIn("fr", line)

    def test_bad_brand_override(self):
        self.assert_one_error_line(["classify", "--brand", "no_equals_sign", "x"])

    def test_lint_bad_pack_prints_locations(self):
        path = data("bad_two_problems.toml")
        p = run(["lint", path])
        self.assertNotEqual(p.returncode, 0)
        lines = p.stdout.decode("utf-8").splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, "^" + re.escape(path) + r":\d+:\d+: ")
        self.assertEqual([int(l[len(path) + 1:].split(":")[0]) for l in lines], [8, 13])

    def test_lint_names_rule_of_bad_pattern(self):
        path = data("bad_pattern_syntax.toml")
        p = run(["lint", path])
        self.assertNotEqual(p.returncode, 0)
        out = p.stdout.decode("utf-8")
        self.assertIn(path + ":13:", out)
        self.assertIn("rule 'lost'", out)

    def test_lint_good_pack_passes(self):
        p = run(["lint", data("small_pack.toml")])
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


class Eval(unittest.TestCase):
    # Worked out by hand from eval_small.tsv and small_pack.toml.
    EXPECTED = {
        "en": "rows=5 in_scope=3 acc1=0.667 answered=1.000 precision1=0.667 "
              "none_fpr=0.500 urgent_recall=nan urgent_fpr=0.200 macro_f1=0.417",
        "zh": "rows=7 in_scope=5 acc1=0.800 answered=0.800 precision1=1.000 "
              "none_fpr=0.000 urgent_recall=0.500 urgent_fpr=0.000 macro_f1=0.750",
        "all": "rows=12 in_scope=8 acc1=0.750 answered=0.875 precision1=0.857 "
               "none_fpr=0.250 urgent_recall=0.500 urgent_fpr=0.100 macro_f1=0.631",
    }

    @classmethod
    def setUpClass(cls):
        cls.gold = data("eval_small.tsv")
        cls.proc = run(["eval", cls.gold, "--pack", data("small_pack.toml")])
        cls.out = cls.proc.stdout.decode("utf-8").splitlines()

    def test_summary_numbers(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(self.out[-1], self.EXPECTED["all"])
        self.assertIn("[en] " + self.EXPECTED["en"], self.out)
        self.assertIn("[zh] " + self.EXPECTED["zh"], self.out)

    def test_bounds(self):
        ok = run(["eval", self.gold, "--pack", data("small_pack.toml"),
                  "--min", "acc1=0.75", "--max", "none_fpr=0.25"])
        self.assertEqual(ok.returncode, 0, ok.stderr)
        low = run(["eval", self.gold, "--pack", data("small_pack.toml"),
                   "--min", "acc1=0.76"])
        self.assertNotEqual(low.returncode, 0)
        self.assertIn(b"acc1", low.stderr)

    def test_agrees_with_score_py(self):
        if not SCORE_PY or not os.path.exists(SCORE_PY):
            self.skipTest("score.py not available")
        with open(self.gold, encoding="utf-8") as f:
            texts = [line.rstrip("\n").split("\t")[3] for line in f.readlines()[1:]]
        p = run(["classify", "--format", "jsonl", "--pack", data("small_pack.toml")],
                "".join(t + "\n" for t in texts))
        self.assertEqual(p.returncode, 0, p.stderr)
        with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
            f.write(p.stdout)
            pred = f.name
        try:
            s = subprocess.run([sys.executable, SCORE_PY, self.gold, pred, "--by-lang"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120)
        finally:
            os.unlink(pred)
        self.assertEqual(s.returncode, 0, s.stderr)
        lines = s.stdout.decode("utf-8").splitlines()
        self.assertEqual(lines[-1], self.out[-1])
        for lang in ("en", "zh"):
            want = [l for l in lines if l.startswith("[%s] " % lang)]
            self.assertEqual(len(want), 1)
            self.assertIn(want[0], self.out)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    TRIAGE, TESTDATA, SCORE_PY = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1] + sys.argv[4:], verbosity=2)

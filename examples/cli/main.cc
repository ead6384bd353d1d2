// triage: classify wallet support complaints from the shell.
//
//   triage classify [--pack FILE] [--lang zh|en|auto] [--brand KEY=VALUE]...
//                   [--format text|jsonl] [TEXT...]
//   triage lint PACK...
//   triage eval GOLD.tsv [--pack FILE] [--errors N] [--rules]
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "examples/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"triage: wallet complaint triage (categories, urgency, steps)"};
  app.require_subcommand(1);
  // Usage errors are one line on stderr, like every other error.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("triage: ") + e.what() + "\n";
  });
  int exit_code = 0;
  triage_cli::RegisterClassify(app, &exit_code);
  triage_cli::RegisterLint(app, &exit_code);
  triage_cli::RegisterEval(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // The library reports errors as statuses; this catches the JSON and
    // stream libraries the tool uses, so the user still gets one line.
    std::cerr << "triage: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

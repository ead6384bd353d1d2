// The triage CLI's subcommands. Each Register* adds a subcommand to `app`
// whose callback stores the command's exit status in *exit_code.
#ifndef TRIAGE_EXAMPLES_CLI_COMMANDS_H_
#define TRIAGE_EXAMPLES_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace triage_cli {

void RegisterClassify(CLI::App& app, int* exit_code);
void RegisterLint(CLI::App& app, int* exit_code);
void RegisterEval(CLI::App& app, int* exit_code);

}  // namespace triage_cli

#endif  // TRIAGE_EXAMPLES_CLI_COMMANDS_H_

// turbofetch: the command-line entry point. Parses the command line, runs the subcommand, and
// turns errors into one clear line and an exit code (see exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <iostream>

#include "download_command.hpp"
#include "exit_codes.hpp"
#include "get_command.hpp"
#include "io/error.hpp"
#include "progress_display.hpp"

int main(int argc, char** argv) {
  // Before any thread exists, so that all of them inherit the mask (see progress_display.hpp).
  tf::cli::block_interrupt_signals();

  CLI::App app{
      "turbofetch: fast, verified, resumable downloads of Hugging Face Hub snapshots "
      "and large HTTP objects"};
  app.set_version_flag("--version", "turbofetch 0.1.0");
  app.require_subcommand(1);
  tf::cli::GetArguments get_args;
  CLI::App* get = tf::cli::add_get_command(app, get_args);
  tf::cli::DownloadArguments download_args;
  CLI::App* download = tf::cli::add_download_command(app, download_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? tf::cli::kOk : tf::cli::kUsage;
  }
  try {
    if (get->parsed()) return tf::cli::run_get_command(get_args);
    if (download->parsed()) return tf::cli::run_download_command(download_args);
  } catch (const tf::Error& e) {
    std::cerr << "turbofetch: " << tf::to_string(e.kind()) << ": " << e.what() << "\n";
    return tf::cli::exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "turbofetch: internal error: " << e.what() << "\n";
    return tf::cli::kInternal;
  }
  return tf::cli::kUsage;
}

// turbofetch: the command-line entry point.
#include <iostream>

int main(int argc, char** argv) {
  (void)argv;
  if (argc > 1) std::cout << "turbofetch 0.1.0\n";
  return 0;
}

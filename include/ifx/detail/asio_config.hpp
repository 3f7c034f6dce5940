#pragma once
/// @file
/// Internal: the Asio configuration the library was built with, required of every program that
/// includes the async headers. Asio chooses its handler allocation functions by these macros (and,
/// without ASIO_DISABLE_STD_ALIGNED_ALLOC, by what happened to be included before it); a program
/// configured otherwise frees the library's blocks with the wrong function. find_package(ifx) and
/// `pkg-config --cflags ifx` set both macros.
#if !defined(ASIO_STANDALONE) || !defined(ASIO_DISABLE_STD_ALIGNED_ALLOC)
#error \
    "ifx's async API needs the library's Asio configuration: define ASIO_STANDALONE and ASIO_DISABLE_STD_ALIGNED_ALLOC (find_package(ifx) or pkg-config --cflags ifx do)"
#endif

# Install rules: the library, the public headers (include/parley/ only), the
# CMake package (parleyConfig.cmake, parleyConfigVersion.cmake, the exported
# parley::parley target, and parley::asio when Asio was found), parley.pc, the parley command and its man page, and
# the license.
include(CMakePackageConfigHelpers)

set(PARLEY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/parley)

install(TARGETS parley EXPORT parleyTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET parley_asio)
  install(TARGETS parley_asio EXPORT parleyTargets)
  set(PARLEY_EXPORTS_ASIO ON)
else()
  set(PARLEY_EXPORTS_ASIO OFF)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/parley DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(EXPORT parleyTargets NAMESPACE parley:: DESTINATION ${PARLEY_CMAKE_DIR})

# A static libparley needs libcrypto at the consumer's link.
get_target_property(PARLEY_LIBRARY_TYPE parley TYPE)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/parleyConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/parleyConfig.cmake
                              INSTALL_DESTINATION ${PARLEY_CMAKE_DIR})
# 0.y.z: only the same minor is compatible (any 0.y may change the API);
# from 1.0 on, any later minor of the same major.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(parley_compatibility SameMinorVersion)
else()
  set(parley_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/parleyConfigVersion.cmake
                                 COMPATIBILITY ${parley_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/parleyConfig.cmake
              ${PROJECT_BINARY_DIR}/parleyConfigVersion.cmake
        DESTINATION ${PARLEY_CMAKE_DIR})

# pkg-config: absolute directories as given, others under ${prefix}.
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(PARLEY_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(PARLEY_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/parley.pc.in ${PROJECT_BINARY_DIR}/parley.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/parley.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/LICENSE-APACHE
              ${PROJECT_SOURCE_DIR}/LICENSE-MIT
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

if(TARGET parley_tool)
  install(TARGETS parley_tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  if(TARGET parley_man_page)
    install(FILES ${PARLEY_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
endif()

package org.namelog.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Spring Boot application with a DataSource, Actuator and the starter: nothing NameLog-specific of its own. */
@SpringBootApplication
public class NameLogTestApplication {}

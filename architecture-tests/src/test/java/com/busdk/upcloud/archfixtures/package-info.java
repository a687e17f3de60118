/**
 * Fixture classes for the architecture rules. {@code clean} is a miniature of the intended shape
 * that every rule must accept; {@code broken} breaks each rule on purpose. They are test classes,
 * so the rules over the real code never see them.
 */
package com.busdk.upcloud.archfixtures;
